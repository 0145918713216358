// Package cli is the binary's command line: it reads the world (arguments,
// environment, writers) handed to it by main and runs the check, the demo,
// the simulated org or the version command.
package cli
