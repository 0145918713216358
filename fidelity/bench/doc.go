// Command bench is the runner of scripts/bench.sh: it serves the simulated
// org twice on loopback (plain HTTP and TLS) with the check's own
// `simulate`, then runs, interleaved, the check (login only, and the full
// default check) and the bare Go login (barelogin) against its "healthy"
// case, over plain HTTP and over TLS with SSL_CERT_FILE = the system's
// bundle plus the simulated org's CA, and prints medians and ratios: wall
// time from exec to exit, peak RSS (the kernel's maxrss) and, from separate
// runs under GODEBUG=inittrace=1, when the last package init ran.
package main
