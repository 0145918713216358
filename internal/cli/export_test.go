package cli

// ExitErrorFor is exitError, the one mapping of a run's exit code and error
// to what main exits with, for the tests outside the package.
var ExitErrorFor = exitError
