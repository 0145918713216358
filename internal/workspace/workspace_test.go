package workspace

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tree makes a workspace with a file, a link to it, a link to a file
// outside, and a link to a directory outside.
func tree(t *testing.T) (ws, outside string) {
	t.Helper()
	top := t.TempDir()
	ws, outside = filepath.Join(top, "ws"), filepath.Join(top, "outside")
	for _, d := range []string{filepath.Join(ws, ".github"), outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{
		filepath.Join(ws, ".github", "orgs.yml"): "- name: a\n",
		filepath.Join(outside, "secret.yml"):     "- name: outside\n",
		filepath.Join(ws, "big.yml"):             strings.Repeat("#", 101),
	}
	for name, text := range files {
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		filepath.Join(ws, "inside-link.yml"): filepath.Join(".github", "orgs.yml"),
		filepath.Join(ws, "escape.yml"):      filepath.Join(outside, "secret.yml"),
		filepath.Join(ws, "escape-dir"):      outside,
	}
	for name, target := range links {
		if err := os.Symlink(target, name); err != nil {
			t.Fatal(err)
		}
	}
	return ws, outside
}

func TestReadFile(t *testing.T) {
	t.Parallel()
	ws, outside := tree(t)
	cases := []struct {
		name, path string
		want       string
		wantErr    func(error) bool
	}{
		{name: "relative", path: ".github/orgs.yml", want: "- name: a\n"},
		{name: "absolute inside", path: filepath.Join(ws, ".github", "orgs.yml"), want: "- name: a\n"},
		{name: "link inside", path: "inside-link.yml", want: "- name: a\n"},
		{name: "dot-dot", path: "../outside/secret.yml", wantErr: is(ErrOutside)},
		{name: "dot-dot inside then out", path: ".github/../../outside/secret.yml", wantErr: is(ErrOutside)},
		{name: "absolute outside", path: filepath.Join(outside, "secret.yml"), wantErr: is(ErrOutside)},
		{name: "link to a file outside", path: "escape.yml", wantErr: is(ErrOutside)},
		{name: "link to a directory outside", path: "escape-dir/secret.yml", wantErr: is(ErrOutside)},
		{name: "too large", path: "big.yml", wantErr: func(err error) bool {
			var tl *TooLargeError
			return errors.As(err, &tl) && tl.Size == 101 && tl.Max == 100
		}},
		{name: "missing", path: "nope.yml", wantErr: is(fs.ErrNotExist)},
		{name: "a directory", path: ".github", wantErr: func(err error) bool { return err != nil && strings.Contains(err.Error(), "regular file") }},
		{name: "empty", path: " ", wantErr: func(err error) bool { return err != nil }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ReadFile(ws, tc.path, 100)
			if tc.wantErr != nil {
				if !tc.wantErr(err) {
					t.Errorf("ReadFile(%q) = %q, %v; want a different error", tc.path, got, err)
				}
				return
			}
			if err != nil || string(got) != tc.want {
				t.Errorf("ReadFile(%q) = %q, %v; want %q", tc.path, got, err, tc.want)
			}
		})
	}
}

func TestWriteFile(t *testing.T) {
	t.Parallel()
	ws, outside := tree(t)
	cases := []struct {
		name, path string
		// at is where the file must land (relative to ws), "" when refused.
		at string
	}{
		{name: "new directories", path: "reports/2026/report.json", at: "reports/2026/report.json"},
		{name: "absolute inside", path: filepath.Join(ws, "r.json"), at: "r.json"},
		{name: "dot-dot", path: "../outside/r.json"},
		{name: "through a link to a directory outside", path: "escape-dir/r.json"},
		{name: "over a link to a file outside", path: "escape.yml"},
	}
	// Runs once every parallel case is done.
	t.Cleanup(func() {
		entries, err := os.ReadDir(outside)
		if err != nil || len(entries) != 1 {
			t.Errorf("the directory outside the workspace holds %d entries (%v), want only secret.yml", len(entries), err)
		}
	})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := WriteFile(ws, tc.path, []byte(`{"status":"pass"}`))
			if tc.at == "" {
				if !errors.Is(err, ErrOutside) {
					t.Errorf("WriteFile(%q) = %v, want ErrOutside", tc.path, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("WriteFile(%q) = %v", tc.path, err)
			}
			if got, err := os.ReadFile(filepath.Join(ws, tc.at)); err != nil || string(got) != `{"status":"pass"}` {
				t.Errorf("%s holds %q, %v", tc.at, got, err)
			}
		})
	}
}

func is(target error) func(error) bool {
	return func(err error) bool { return errors.Is(err, target) }
}

func TestDir(t *testing.T) {
	t.Parallel()
	if got := Dir(func(string) string { return "" }); got != "." {
		t.Errorf("Dir without GITHUB_WORKSPACE = %q, want .", got)
	}
	if got := Dir(func(k string) string { return map[string]string{"GITHUB_WORKSPACE": "/github/workspace"}[k] }); got != "/github/workspace" {
		t.Errorf("Dir = %q, want /github/workspace", got)
	}
}
