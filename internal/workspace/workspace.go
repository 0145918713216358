package workspace

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrOutside is a path that resolves outside the workspace.
var ErrOutside = errors.New("the path resolves outside the workspace")

// TooLargeError is a file over the size a caller reads.
type TooLargeError struct {
	Size, Max int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the file is %d bytes long, more than the %d one run reads", e.Size, e.Max)
}

// Dir is the workspace: GITHUB_WORKSPACE on a runner (the checked-out
// repository, mounted at /github/workspace in a Docker action), else the
// current directory.
func Dir(getenv func(string) string) string {
	if d := getenv("GITHUB_WORKSPACE"); d != "" {
		return d
	}
	return "."
}

// resolve returns name relative to dir after following every symbolic
// link, or ErrOutside. A name may be relative to dir or absolute. A file
// that does not exist yet resolves through its nearest existing parent.
func resolve(dir, name string) (string, error) {
	if strings.TrimSpace(name) == "" {
		return "", errors.New("the path is empty")
	}
	base, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("failed to resolve the workspace: %w", err)
	}
	if base, err = filepath.EvalSymlinks(base); err != nil {
		return "", fmt.Errorf("failed to resolve the workspace: %w", err)
	}
	path := name
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	if path, err = filepath.Abs(path); err != nil {
		return "", fmt.Errorf("failed to resolve the path: %w", err)
	}
	// Follow links as far as the path exists; the rest is created inside
	// whatever the existing part resolves to.
	existing, rest := path, ""
	for {
		resolved, err := filepath.EvalSymlinks(existing)
		if err == nil {
			path = filepath.Join(resolved, rest)
			break
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("failed to resolve the path: %w", err)
		}
		parent := filepath.Dir(existing)
		if parent == existing {
			break
		}
		rest = filepath.Join(filepath.Base(existing), rest)
		existing = parent
	}
	rel, err := filepath.Rel(base, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", ErrOutside
	}
	return rel, nil
}

// Check refuses, with ErrOutside, a path name that resolves outside the
// workspace dir, so that a run can refuse it before it does anything else.
func Check(dir, name string) error {
	_, err := resolve(dir, name)
	return err
}

// ReadFile reads the file name inside the workspace dir, refusing one that
// resolves outside it (ErrOutside) or holds more than limit bytes
// (*TooLargeError).
func ReadFile(dir, name string, limit int64) ([]byte, error) {
	rel, err := resolve(dir, name)
	if err != nil {
		return nil, err
	}
	// os.Root refuses, at open time, a link that leaves the workspace: the
	// check above names the problem, this one closes the race.
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("failed to open the workspace: %w", err)
	}
	defer root.Close()
	f, err := root.OpenFile(rel, os.O_RDONLY|NonBlock, 0)
	if err != nil {
		return nil, fmt.Errorf("failed to open the file: %w", err)
	}
	defer f.Close()
	return ReadRegular(f, limit)
}

// ReadRegular reads f, opened with NonBlock, if it is a regular file of at
// most limit bytes: a named pipe, a device (/dev/zero) or a directory is
// refused before anything is read, so no such file can hang a run or feed
// it without end, and a larger file is a *TooLargeError.
func ReadRegular(f *os.File, limit int64) ([]byte, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("failed to read the file: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	if info.Size() > limit {
		return nil, &TooLargeError{Size: info.Size(), Max: limit}
	}
	// A file that grows while it is read is still cut at limit+1 and refused.
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("failed to read the file: %w", err)
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Size: int64(len(data)), Max: limit}
	}
	return data, nil
}

// WriteFile writes data to the file name inside the workspace dir, creating
// its parent directories, refusing a path that resolves outside it
// (ErrOutside).
func WriteFile(dir, name string, data []byte) error {
	rel, err := resolve(dir, name)
	if err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("failed to open the workspace: %w", err)
	}
	defer root.Close()
	if parent := filepath.Dir(rel); parent != "." {
		if err := root.MkdirAll(parent, 0o755); err != nil {
			return fmt.Errorf("failed to create the directory: %w", err)
		}
	}
	// 0644: a later step of the job, maybe another user, uploads the file.
	// NonBlock: a named pipe with no reader fails at once instead of
	// hanging the run; one with a reader is refused as not a regular file.
	f, err := root.OpenFile(rel, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|NonBlock, 0o644)
	if err != nil {
		return fmt.Errorf("failed to write the file: %w", err)
	}
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		_ = f.Close()
		return errors.New("failed to write the file: not a regular file")
	}
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		return fmt.Errorf("failed to write the file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("failed to write the file: %w", err)
	}
	return nil
}
