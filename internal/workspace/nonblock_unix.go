//go:build unix

package workspace

import "syscall"

// NonBlock is the open flag that keeps open(2) of a named pipe from waiting
// for the other end: without it, a FIFO named as a file to read or write
// hangs the run before anything can refuse it. It changes nothing for a
// regular file (open(2), O_NONBLOCK).
const NonBlock = syscall.O_NONBLOCK
