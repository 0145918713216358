package workflow

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/sethvargo/go-githubactions"
)

// Level is the kind of an annotation.
type Level int

// The annotation levels.
const (
	Notice Level = iota
	Warning
	Error
)

// Writer writes workflow commands and runner files. It is safe for concurrent
// use; every method returns at once after a failed write (see Err).
type Writer struct {
	action *githubactions.Action
	getenv func(string) string
	stdout *softWriter

	mu sync.Mutex
	// summary counts the bytes written to the job summary in this run,
	// outputs the bytes of the output values.
	summary, outputs int
	errs             []error
}

// New returns a writer of workflow commands to stdout and of the files the
// runner names in getenv's GITHUB_OUTPUT and GITHUB_STEP_SUMMARY.
func New(getenv func(string) string, stdout io.Writer) *Writer {
	sw := &softWriter{w: stdout}
	return &Writer{
		action: githubactions.New(githubactions.WithGetenv(githubactions.GetenvFunc(getenv)), githubactions.WithWriter(sw)),
		getenv: getenv,
		stdout: sw,
	}
}

// Mask asks the runner to mask v in the log from now on (::add-mask::), as
// one value. The run's set of secrets decides what is worth a mask (one
// line, never shorter than its minimum nor an ordinary word); a value with
// a line break is refused here all the same, as the runner matches a mask
// within one line of the log and a multi-line value would only add noise.
func (w *Writer) Mask(v string) {
	if strings.TrimSpace(v) == "" || strings.ContainsAny(v, "\r\n") {
		return
	}
	w.action.AddMask(v)
}

// Annotate writes one ::error, ::warning or ::notice. Title and message are
// folded to one line and cut to the runner's limits; go-githubactions
// escapes %, CR, LF (and : , in the title), so neither can end the command.
func (w *Writer) Annotate(level Level, title, message string) {
	a := w.action
	if title = Cut(OneLine(title), MaxTitle, "…"); title != "" {
		a = a.WithFieldsMap(map[string]string{"title": title})
	}
	message = Cut(OneLine(message), MaxAnnotation, " … (cut at 4 KiB)")
	switch level {
	case Error:
		a.Errorf("%s", message)
	case Warning:
		a.Warningf("%s", message)
	default:
		a.Noticef("%s", message)
	}
}

// SetOutput writes one output to GITHUB_OUTPUT (nothing when it is unset):
// one line, under MaxOutput (and all of them under MaxOutputs), between a random delimiter as actions/toolkit
// writes it. go-githubactions' own SetOutput uses a fixed delimiter, and a
// value equal to it would end the block early and corrupt the file.
func (w *Writer) SetOutput(name, value string) {
	if w.getenv("GITHUB_OUTPUT") == "" {
		return
	}
	w.mu.Lock()
	limit := min(MaxOutput, MaxOutputs-w.outputs)
	value = Cut(OneLine(value), limit, "…")
	if len(value) > limit {
		value = "" // no room even for the ellipsis
	}
	w.outputs += len(value)
	w.mu.Unlock()
	delim := delimiter()
	for strings.Contains(value, delim) || strings.Contains(name, delim) {
		delim = delimiter()
	}
	w.fileCommand("output", name+"<<"+delim+"\n"+value+"\n"+delim)
}

// AddSummary appends markdown to the job summary (nothing when
// GITHUB_STEP_SUMMARY is unset). What would take the step's summary over
// MaxSummary is cut at a line break and replaced by a note that says so.
func (w *Writer) AddSummary(markdown string) {
	if w.getenv("GITHUB_STEP_SUMMARY") == "" || markdown == "" {
		return
	}
	const note = "\n\n**The job summary was cut here: GitHub drops a summary over 1 MiB. The JSON report (`--json`) has everything.**\n"
	w.mu.Lock()
	left := MaxSummary - w.summary
	if left < len(note)+1 {
		w.mu.Unlock()
		return
	}
	// +1: the file command adds a line break.
	if len(markdown)+1 > left {
		markdown = markdown[:left-len(note)-1]
		if i := strings.LastIndexByte(markdown, '\n'); i >= 0 {
			markdown = markdown[:i]
		}
		markdown = strings.ToValidUTF8(markdown, "") + note
	}
	w.summary += len(markdown) + 1
	w.mu.Unlock()
	w.fileCommand("step-summary", markdown)
}

// fileCommand appends to a runner file; go-githubactions panics when the
// file cannot be written, which becomes a recorded error.
func (w *Writer) fileCommand(name, message string) {
	defer func() {
		if p := recover(); p != nil {
			w.fail(fmt.Errorf("failed to write the runner's %s file: %v", name, p))
		}
	}()
	w.action.IssueFileCommand(&githubactions.Command{Name: name, Message: message})
}

func (w *Writer) fail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.errs = append(w.errs, err)
}

// Err reports every write that failed (stdout included), nil if none did.
func (w *Writer) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return errors.Join(append(w.errs, w.stdout.Err())...)
}

// delimiter is a heredoc delimiter no value can guess, as actions/toolkit's
// "ghadelimiter_<uuid>" (packages/core/src/file-command.ts).
func delimiter() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return "ghadelimiter_" + hex.EncodeToString(b)
}

// softWriter serialises writes to stdout, so concurrent commands never
// interleave within a line, and records the first failure instead of
// returning it: go-githubactions panics on a failed write, and a broken
// stdout must not crash a check that is still logging out.
type softWriter struct {
	mu  sync.Mutex
	w   io.Writer
	err error
}

func (s *softWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return len(p), nil
	}
	if _, err := s.w.Write(p); err != nil {
		s.err = fmt.Errorf("failed to write workflow commands to stdout: %w", err)
	}
	return len(p), nil
}

func (s *softWriter) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// OneLine folds every line break and control character into a space, so a
// value can never start a second output or a second workflow command.
func OneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 || r == 0x85 {
			return ' '
		}
		return r
	}, s)
}

// Cut returns s if it is at most limit bytes long, else its longest prefix
// that leaves room for suffix, plus suffix; it never splits a character.
// Bytes bound the runner's UTF-16 count too: no character takes more UTF-16
// code units than UTF-8 bytes.
func Cut(s string, limit int, suffix string) string {
	if len(s) <= limit {
		return s
	}
	i := max(limit-len(suffix), 0)
	for k := 1; k < utf8.UTFMax && i > 0 && !utf8.RuneStart(s[i]); k++ {
		i--
	}
	return s[:i] + suffix
}
