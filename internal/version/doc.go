// Package version holds the build's version, stamped in by scripts/build.sh.
package version
