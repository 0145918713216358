// Package ship holds tests that hold the release artifacts (Dockerfile,
// action.yml, build script) to the project's rules.
package ship
