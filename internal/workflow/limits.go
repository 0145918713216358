package workflow

// The runner's limits, read in the GitHub Actions runner's source
// (github.com/actions/runner, src/Runner.Worker). Over them the runner cuts
// a message or drops the whole job summary, so the writer keeps every write
// below them.
const (
	// MaxAnnotation is the longest annotation message, in bytes: the runner
	// cuts one over 4096 UTF-16 code units (Runner.Worker/ExecutionContext.cs),
	// and no text has fewer bytes than code units.
	MaxAnnotation = 4096
	// MaxTitle is the longest annotation title the writer sends; titles are
	// names, a short cap keeps the annotation list readable.
	MaxTitle = 256
	// MaxOutput is the longest output value, in bytes: every output under 64
	// KiB (outputs share 1 MB per job).
	MaxOutput = 64<<10 - 1
	// MaxOutputs is the most all of a step's outputs hold together, in
	// bytes: a job's outputs share 1 MB, and other steps need some.
	MaxOutputs = 512 << 10
	// MaxSummary is the most a step writes to its job summary, in bytes:
	// over 1 MiB the runner drops the whole summary with an error
	// (Runner.Worker/FileCommandManager.cs).
	MaxSummary = 1<<20 - 1
)
