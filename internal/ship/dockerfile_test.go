package ship

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// instruction is one Dockerfile instruction with its line continuations
// joined.
type instruction struct {
	line int
	// cmd is the upper-cased instruction, such as FROM or RUN.
	cmd string
	// args is the rest of the instruction, trimmed.
	args string
}

// parseDockerfile reads the instructions of a Dockerfile: comments and blank
// lines dropped, backslash continuations joined. It covers what the project's
// Dockerfile uses; heredocs are not supported (and not used).
func parseDockerfile(t *testing.T, path string) []instruction {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("failed to read %s: %v", path, err)
	}

	var (
		out     []instruction
		pending strings.Builder
		start   int
	)
	for n, raw := range strings.Split(string(b), "\n") {
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if pending.Len() == 0 {
			start = n + 1
		}
		cont := strings.HasSuffix(line, `\`)
		pending.WriteString(strings.TrimSuffix(line, `\`))
		if cont {
			pending.WriteByte(' ')
			continue
		}
		cmd, args, _ := strings.Cut(pending.String(), " ")
		out = append(out, instruction{line: start, cmd: strings.ToUpper(cmd), args: strings.TrimSpace(args)})
		pending.Reset()
	}
	if pending.Len() > 0 {
		t.Fatalf("%s ends inside a continued instruction", path)
	}
	return out
}

func byCmd(ins []instruction, cmd string) []instruction {
	var out []instruction
	for _, in := range ins {
		if in.cmd == cmd {
			out = append(out, in)
		}
	}
	return out
}

// fromImage returns the image of a FROM instruction, past any --flags.
func fromImage(args string) string {
	for _, f := range strings.Fields(args) {
		if !strings.HasPrefix(f, "--") {
			return f
		}
	}
	return ""
}

// finalStage returns the instructions after the last FROM.
func finalStage(ins []instruction) []instruction {
	last := -1
	for i, in := range ins {
		if in.cmd == "FROM" {
			last = i
		}
	}
	if last < 0 {
		return nil
	}
	return ins[last:]
}

// labelKeys returns the keys of LABEL key=value pairs, quoted or not.
var labelRE = regexp.MustCompile(`([A-Za-z0-9._-]+)=("(?:[^"\\]|\\.)*"|\S+)`)

func labelKeys(ins []instruction) []string {
	var keys []string
	for _, in := range byCmd(ins, "LABEL") {
		for _, m := range labelRE.FindAllStringSubmatch(in.args, -1) {
			keys = append(keys, m[1])
		}
	}
	return keys
}

func TestDockerfile(t *testing.T) {
	t.Parallel()

	ins := parseDockerfile(t, "../../Dockerfile")
	if len(ins) == 0 {
		t.Fatal("Dockerfile has no instructions")
	}

	t.Run("final stage is scratch", func(t *testing.T) {
		t.Parallel()
		froms := byCmd(ins, "FROM")
		if len(froms) < 2 {
			t.Fatalf("got %d FROM instructions, want a multi-stage build (build stage, then scratch)", len(froms))
		}
		if got := fromImage(froms[len(froms)-1].args); got != "scratch" {
			t.Errorf("last FROM is %q, want scratch", got)
		}
	})

	t.Run("entrypoint is an absolute exec form", func(t *testing.T) {
		t.Parallel()
		eps := byCmd(ins, "ENTRYPOINT")
		if len(eps) != 1 {
			t.Fatalf("got %d ENTRYPOINT instructions, want 1", len(eps))
		}
		var argv []string
		if err := json.Unmarshal([]byte(eps[0].args), &argv); err != nil {
			t.Fatalf("ENTRYPOINT %s (line %d) is not exec form (a JSON array): %v", eps[0].args, eps[0].line, err)
		}
		if len(argv) == 0 || !strings.HasPrefix(argv[0], "/") {
			t.Errorf("ENTRYPOINT %q must start with an absolute path", argv)
		}
		var copied bool
		for _, in := range byCmd(finalStage(ins), "COPY") {
			if f := strings.Fields(in.args); len(f) > 0 && f[len(f)-1] == argv[0] {
				copied = true
			}
		}
		if len(argv) > 0 && !copied {
			t.Errorf("the final stage copies nothing to %s, the ENTRYPOINT", argv[0])
		}
	})

	t.Run("build runs scripts/build.sh", func(t *testing.T) {
		t.Parallel()
		var found bool
		for _, in := range byCmd(ins, "RUN") {
			if strings.Contains(in.args, "scripts/build.sh") {
				found = true
			}
			if strings.Contains(in.args, "go build") {
				t.Errorf("RUN at line %d calls go build directly; build with scripts/build.sh", in.line)
			}
		}
		if !found {
			t.Error("no RUN instruction calls scripts/build.sh")
		}
	})

	t.Run("no remote ADD", func(t *testing.T) {
		t.Parallel()
		for _, in := range byCmd(ins, "ADD") {
			if strings.Contains(in.args, "http://") || strings.Contains(in.args, "https://") || strings.Contains(in.args, "git@") {
				t.Errorf("ADD at line %d fetches a remote URL: %s", in.line, in.args)
			}
		}
	})

	t.Run("no USER", func(t *testing.T) {
		t.Parallel()
		// The runner's GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files are
		// owned by root: a non-root image loses every output.
		for _, in := range byCmd(ins, "USER") {
			t.Errorf("USER at line %d: the action's container must run as root", in.line)
		}
	})

	// The classic builder (act, docker without buildx) sets no platform
	// ARGs and fails on `FROM --platform=` with an empty value ("failed to
	// parse platform : \"\" is an invalid component"); BuildKit sets them
	// itself. A --platform=$VAR needs a global ARG VAR with a default a
	// platform parser accepts.
	t.Run("FROM --platform works under the classic builder", func(t *testing.T) {
		t.Parallel()
		defaults := map[string]string{}
		for _, in := range ins {
			if in.cmd == "FROM" {
				break // global ARGs come before the first FROM
			}
			if in.cmd == "ARG" {
				name, def, ok := strings.Cut(in.args, "=")
				if ok {
					defaults[name] = def
				}
			}
		}
		for _, in := range byCmd(ins, "FROM") {
			for _, f := range strings.Fields(in.args) {
				p, ok := strings.CutPrefix(f, "--platform=")
				if !ok {
					continue
				}
				v := strings.Trim(p, "${}")
				if !strings.HasPrefix(p, "$") {
					continue // a literal platform
				}
				if def := defaults[v]; !regexp.MustCompile(`^[a-z]+(/[a-z0-9]+)*$`).MatchString(def) {
					t.Errorf("FROM at line %d uses --platform=%s, but no global ARG %s has a platform default (got %q): the classic builder fails", in.line, p, v, def)
				}
			}
		}
	})

	// The multi-arch release cross-compiles instead of emulating: the build
	// stage runs on BUILDPLATFORM and Go builds for TARGETOS/TARGETARCH.
	t.Run("cross-compiles for the target", func(t *testing.T) {
		t.Parallel()
		froms := byCmd(ins, "FROM")
		if !strings.Contains(froms[0].args, "--platform=$BUILDPLATFORM") {
			t.Errorf("the build stage (line %d) does not run on $BUILDPLATFORM: a multi-arch build would emulate the toolchain", froms[0].line)
		}
		var cross bool
		for _, in := range byCmd(ins, "RUN") {
			if strings.Contains(in.args, `GOOS="$TARGETOS"`) && strings.Contains(in.args, `GOARCH="$TARGETARCH"`) {
				cross = true
			}
		}
		if !cross {
			t.Error(`no RUN builds with GOOS="$TARGETOS" GOARCH="$TARGETARCH"`)
		}
	})

	t.Run("OCI labels", func(t *testing.T) {
		t.Parallel()
		keys := labelKeys(finalStage(ins))
		for _, want := range []string{
			"org.opencontainers.image.source",
			"org.opencontainers.image.description",
			"org.opencontainers.image.licenses",
			"org.opencontainers.image.version",
		} {
			if !slices.Contains(keys, want) {
				t.Errorf("final stage has no LABEL %s (got %q)", want, keys)
			}
		}
	})
}

func TestBuildScript(t *testing.T) {
	t.Parallel()

	b, err := os.ReadFile("../../scripts/build.sh")
	if err != nil {
		t.Fatalf("failed to read scripts/build.sh: %v", err)
	}
	script := string(b)

	for _, want := range []string{
		"set -euo pipefail",
		"CGO_ENABLED=0",
		"-trimpath",
		// act sends .git in the context, ignoring .dockerignore.
		"-buildvcs=false",
		"-s -w",
		"internal/version.Version=",
	} {
		t.Run(want, func(t *testing.T) {
			t.Parallel()
			if !strings.Contains(script, want) {
				t.Errorf("scripts/build.sh does not contain %q", want)
			}
		})
	}
}

func TestDockerignore(t *testing.T) {
	t.Parallel()

	b, err := os.ReadFile("../../.dockerignore")
	if err != nil {
		t.Fatalf("failed to read .dockerignore: %v", err)
	}
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 || lines[0] != "*" {
		t.Fatalf(".dockerignore must start by excluding everything (*), got %q", lines)
	}
	// Everything the Dockerfile's build needs must be let back in.
	for _, want := range []string{"!go.mod", "!go.sum", "!main.go", "!internal/", "!simorg/", "!scripts/build.sh"} {
		if !slices.Contains(lines, want) {
			t.Errorf(".dockerignore does not re-include %s", strings.TrimPrefix(want, "!"))
		}
	}
}
