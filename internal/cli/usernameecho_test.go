package cli

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// secretLike is a value pasted into the username input (or an org's
// username) by mistake, and the random runs of it that must never be shown.
type secretLike struct {
	shape, value string
	runs         []string
}

// secretLikeUsernames draws values of each shape a secret takes in the wrong
// input: a password holding an @, one with an @ and a dot, an SFDX auth URL,
// a URL with credentials, a value with blanks, an e-mail-shaped password
// that is also the password input. The draw is seeded: the same values each
// run, and a failure names its value's shape.
func secretLikeUsernames(seed uint64, n int) []secretLike {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	const letters = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = letters[rng.IntN(len(letters))]
		}
		return string(b)
	}
	shapes := []func() (string, []string){
		func() (string, []string) { a, b := word(12), word(10); return a + "@" + b, []string{a, b} },
		func() (string, []string) { a, b := word(11), word(10); return a + "!@" + b + ".2024", []string{a, b} },
		func() (string, []string) {
			id, sec, rt := word(16), word(14), word(20)
			return "force://" + id + ":" + sec + ":" + rt + "@" + word(3) + ".my.salesforce.com", []string{id, sec, rt}
		},
		func() (string, []string) {
			u, p := word(10), word(14)
			return "https://" + u + ":" + p + "@login.salesforce.com", []string{u, p}
		},
		func() (string, []string) {
			a, b := word(12), word(12)
			return a + " " + b + "@acme.com", []string{a, b}
		},
		func() (string, []string) {
			a, b := word(12), word(10)
			return a + "@" + b + ".com\n" + word(0), []string{a, b}
		},
	}
	out := make([]secretLike, 0, n)
	for i := range n {
		v, runs := shapes[i%len(shapes)]()
		out = append(out, secretLike{shape: fmt.Sprintf("shape-%d", i%len(shapes)), value: v, runs: runs})
	}
	return out
}

// countingServer is a login URL that counts every request it gets; none
// may come.
func countingServer(t *testing.T) (string, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		http.Error(w, "no request may reach the login host", http.StatusTeapot)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &n
}

// assertNotShown fails if any run of the value, or any 6 bytes of one, is in
// anything the run wrote: stdout, stderr, the outputs or the job summary.
// An ::add-mask:: line is the one place a secret is written on purpose (the
// runner reads it and hides the value), when the value is also a secret
// input's.
func assertNotShown(t *testing.T, run invocation, v secretLike) {
	t.Helper()
	var shown []string
	for _, line := range strings.Split(run.stdout+"\n"+run.stderr, "\n") {
		if !strings.HasPrefix(line, "::add-mask::") {
			shown = append(shown, line)
		}
	}
	all := strings.Join(shown, "\n") + "\n" + run.summary
	for k, o := range run.outputs {
		all += "\n" + k + "=" + o
	}
	if strings.Contains(all, strings.TrimSpace(v.value)) {
		t.Errorf("%s: the value is shown:\n%s", v.shape, all)
		return
	}
	for _, r := range v.runs {
		for i := 0; i+6 <= len(r); i++ {
			if strings.Contains(all, r[i:i+6]) {
				t.Errorf("%s: %q of the value is shown:\n%s", v.shape, r[i:i+6], all)
				return
			}
		}
	}
}

// TestInputs_secretLikeNeverEchoed: whatever secret-like value is in the
// username input (or an org's username, literal or through username-env),
// the run is refused before any request, names the input, and no part of
// the value is in stdout, stderr, the outputs or the job summary, in
// GitHub, JSON and terminal mode.
func TestInputs_secretLikeNeverEchoed(t *testing.T) {
	t.Parallel()
	for i, v := range secretLikeUsernames(18, 24) {
		for _, how := range []string{"input", "org-literal", "org-env"} {
			for _, mode := range []string{"github", "json", "terminal"} {
				t.Run(fmt.Sprintf("%d-%s/%s/%s", i, v.shape, how, mode), func(t *testing.T) {
					t.Parallel()
					url, requests := countingServer(t)
					env := map[string]string{"SF_ALLOW_CUSTOM_HOST": "true", "SF_LOGIN_URL": url, "SF_PASSWORD": "Pa55word-Valid8", "PW": "Pa55word-Valid8"}
					if v.shape == "shape-0" {
						// The password pasted into both inputs.
						env["SF_PASSWORD"], env["PW"] = v.value, v.value
					}
					switch how {
					case "input":
						env["SF_USERNAME"] = v.value
					case "org-literal":
						env["SF_ORGS"] = fmt.Sprintf("- name: prod\n  login-url: %s\n  username: %q\n  password-env: PW\n", url, v.value)
					case "org-env":
						env["SF_ORGS"] = fmt.Sprintf("- name: prod\n  login-url: %s\n  username-env: PROD_USER\n  password-env: PW\n", url)
						env["PROD_USER"] = v.value
					}
					var args []string
					switch mode {
					case "github":
						env = asInputs(env)
					case "json":
						args = []string{"--json"}
					}
					run := runCLI(t, env, args...)
					if run.exit != 2 {
						t.Errorf("exit = %d, want 2 (refused before any login)", run.exit)
					}
					if n := requests.Load(); n != 0 {
						t.Errorf("%d requests reached the login host, want none", n)
					}
					if !strings.Contains(run.stdout, "username") {
						t.Errorf("the refusal does not name the input:\n%s", run.stdout)
					}
					assertNotShown(t, run, v)
				})
			}
		}
	}
}

// TestOrgsList_hostileYAMLNeverEchoed: an orgs list the YAML parser refuses,
// holding a secret where the parser's message would quote it (an alias, a
// repeated key, a broken quote or flow mapping), refuses the run before any
// request, and no part of the secret is shown, in any mode.
func TestOrgsList_hostileYAMLNeverEchoed(t *testing.T) {
	t.Parallel()
	for i, v := range secretLikeUsernames(8, 6) {
		secret := v.runs[0]
		for j, text := range []string{
			"- name: prod\n  password-env: *" + secret + "\n",
			"- *" + secret + "\n",
			"- name: prod\n  " + secret + ": a\n  " + secret + ": b\n",
			"- name: prod\n  username: \"" + secret + "\n",
			"- {name: prod, " + secret + "\n",
			"- name: prod\n\t" + secret + ": x\n",
			"- name: prod: " + secret + "\n",
			"- name: \"\\q" + secret + "\"\n",
			"[" + secret + "\n",
		} {
			for _, mode := range []string{"github", "json", "terminal"} {
				t.Run(fmt.Sprintf("%d/%d/%s", i, j, mode), func(t *testing.T) {
					t.Parallel()
					url, requests := countingServer(t)
					env := map[string]string{"SF_ALLOW_CUSTOM_HOST": "true", "SF_LOGIN_URL": url, "SF_ORGS": text}
					var args []string
					switch mode {
					case "github":
						env = asInputs(env)
					case "json":
						args = []string{"--json"}
					}
					run := runCLI(t, env, args...)
					if run.exit != 2 {
						t.Errorf("exit = %d, want 2\n%s", run.exit, run.stdout)
					}
					if n := requests.Load(); n != 0 {
						t.Errorf("%d requests reached the login host, want none", n)
					}
					assertNotShown(t, run, secretLike{shape: "yaml", value: secret, runs: []string{secret}})
				})
			}
		}
	}
}
