// Package version holds the build's version, stamped in by scripts/build.sh.
package version

// Version is set at build time with -ldflags "-X …/check/version.Version=v1.2.3".
var Version = "dev"
