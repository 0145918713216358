// Package workspace reads and writes the files a run names by input
// (orgs-file, report-file) inside the job's workspace and nowhere else: a
// path that leaves it, lexically or through a symbolic link, is refused.
package workspace
