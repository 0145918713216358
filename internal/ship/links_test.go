package ship

import (
	"io/fs"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// TestMarkdownLinksResolve: every relative link in the repository's Markdown
// names a file or folder that exists, and a link to a heading (`#anchor`)
// names a heading of that page, so moving a folder (the fixtures, the docs)
// or a section from one page to another cannot leave a link pointing at
// nothing.
func TestMarkdownLinksResolve(t *testing.T) {
	t.Parallel()

	link := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	repo := os.DirFS("../..")
	anchors := map[string]map[string]bool{}
	anchorsOf := func(p string) map[string]bool {
		if a, ok := anchors[p]; ok {
			return a
		}
		b, err := fs.ReadFile(repo, p)
		if err != nil {
			t.Fatal(err)
		}
		anchors[p] = headingAnchors(string(b))
		return anchors[p]
	}
	checked, fragments := 0, 0
	err := fs.WalkDir(repo, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" || d.Name() == "testdata" {
				return fs.SkipDir
			}
			return nil
		}
		if path.Ext(p) != ".md" {
			return nil
		}
		b, err := fs.ReadFile(repo, p)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			for _, m := range link.FindAllStringSubmatch(line, -1) {
				target, fragment, _ := strings.Cut(m[1], "#")
				if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
					continue
				}
				resolved := p
				if target != "" {
					checked++
					resolved = path.Clean(path.Join(path.Dir(p), target))
					if _, err := fs.Stat(repo, resolved); err != nil {
						t.Errorf("%s:%d links to %s, which does not exist (%s)", p, i+1, m[1], resolved)
						continue
					}
				}
				if fragment == "" || path.Ext(resolved) != ".md" {
					continue
				}
				fragments++
				if !anchorsOf(resolved)[fragment] {
					t.Errorf("%s:%d links to %s, but %s has no heading #%s", p, i+1, m[1], resolved, fragment)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked == 0 || fragments == 0 {
		t.Errorf("checked %d relative links and %d anchors; the walk checked too little", checked, fragments)
	}
}

// headingAnchors returns the anchors GitHub gives the headings of a Markdown
// page: lower case, punctuation dropped, blanks turned into hyphens, a
// repeated anchor numbered -1, -2, … Headings inside code fences are not
// headings.
func headingAnchors(md string) map[string]bool {
	out := map[string]bool{}
	seen := map[string]int{}
	fence := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "```") {
			fence = !fence
			continue
		}
		if fence || !strings.HasPrefix(line, "#") {
			continue
		}
		text := strings.TrimLeft(line, "#")
		if !strings.HasPrefix(text, " ") {
			continue
		}
		slug := anchorSlug(strings.TrimSpace(text))
		if n := seen[slug]; n > 0 {
			out[slug+"-"+strconv.Itoa(n)] = true
		} else {
			out[slug] = true
		}
		seen[slug]++
	}
	return out
}

func anchorSlug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestAnchorSlug holds the anchor rule to headings whose GitHub anchors are
// known.
func TestAnchorSlug(t *testing.T) {
	t.Parallel()
	for heading, want := range map[string]string{
		"Locally, with docker or the binary": "locally-with-docker-or-the-binary",
		"After the login: probes":            "after-the-login-probes",
		"1. SOAP login() (Partner API)":      "1-soap-login-partner-api",
		"Use `explain` — the reason":         "use-explain--the-reason",
	} {
		if got := anchorSlug(heading); got != want {
			t.Errorf("anchorSlug(%q) = %q, want %q", heading, got, want)
		}
	}
}
