// Package config loads the check's settings from action inputs and local
// environment variables and refuses, before any network call, a
// configuration that would waste a login attempt.
package config
