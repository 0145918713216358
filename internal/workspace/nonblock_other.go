//go:build !unix

package workspace

// NonBlock is 0 where open(2) has no O_NONBLOCK (see nonblock_unix.go).
const NonBlock = 0
