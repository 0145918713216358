package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := realMain(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "fidelity:", err)
		os.Exit(1)
	}
}

func realMain(_ context.Context, args []string, stdout io.Writer) error {
	if len(args) != 2 {
		return errors.New("usage: fidelity LISTING EXPECT_JSON")
	}
	listing, err := os.ReadFile(args[0]) //nolint:gosec // the caller names the listing on purpose
	if err != nil {
		return fmt.Errorf("failed to read the listing: %w", err)
	}
	exp, err := readExpect(args[1])
	if err != nil {
		return err
	}
	cases, err := parseListing(string(listing))
	if err != nil {
		return err
	}
	// The clients log through the standard logger, with bodies; keep the
	// run's output to the verdicts.
	log.SetOutput(io.Discard)

	var results []result
	for _, c := range cases {
		want, ok := exp[c.Name]
		if !ok {
			results = append(results, result{client: "expect.json", name: c.Name, err: errors.New("case is missing from expect.json")})
			continue
		}
		results = append(results, simpleforceCase(c, want))
		results = append(results, goSalesforceCase(c, want))
	}
	passed, failed := 0, 0
	for _, r := range results {
		switch {
		case r.skip != "":
		case r.err != nil:
			failed++
			fmt.Fprintf(stdout, "FAIL %-14s %-44s %v\n", r.client, r.name, r.err)
		default:
			passed++
			fmt.Fprintf(stdout, "ok   %-14s %-44s %s\n", r.client, r.name, r.said)
		}
	}
	// A client that supports a flow must run every case of it; which ones a
	// client does not support is listed once, for the reader.
	notRun := map[string][]string{}
	for _, r := range results {
		if r.skip != "" {
			notRun[r.client+": "+r.skip] = append(notRun[r.client+": "+r.skip], r.name)
		}
	}
	keys := make([]string, 0, len(notRun))
	for k := range notRun {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(stdout, "not run (%d cases) %s\n", len(notRun[k]), k)
	}
	fmt.Fprintf(stdout, "go clients: %d passed, %d failed\n", passed, failed)
	if failed > 0 || passed == 0 {
		return fmt.Errorf("%d client checks failed, %d passed", failed, passed)
	}
	return nil
}

// result is one client's run of one case.
type result struct {
	client, name string
	// said is what the client returned, for the log.
	said string
	// skip says why the client does not run this case.
	skip string
	err  error
}

// expectation is one case of expect.json.
type expectation struct {
	Login  string `json:"login"`
	REST   string `json:"rest"`
	Limits string `json:"limits"`
	// Needs names a setting a client must honour to run the case.
	Needs string `json:"needs"`
}

func readExpect(path string) (map[string]expectation, error) {
	b, err := os.ReadFile(path) //nolint:gosec // the caller names expect.json on purpose
	if err != nil {
		return nil, fmt.Errorf("failed to read %s: %w", path, err)
	}
	var doc struct {
		Cases map[string]expectation `json:"cases"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("failed to parse %s: %w", path, err)
	}
	return doc.Cases, nil
}

// simCase is one row of the simulate listing.
type simCase struct {
	Name, LoginURL, Expected string
	Settings                 map[string]string
}

func (c simCase) flow() string { return c.Settings["SF_AUTH_FLOW"] }

// parseListing reads the table by its columns CASE, SF_LOGIN_URL, SETTINGS
// (KEY=VALUE words) and EXPECTED, as .ci/e2e.sh does.
func parseListing(out string) ([]simCase, error) {
	var cases []simCase
	inTable := false
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) > 0 && f[0] == "CASE" {
			inTable = true
			continue
		}
		if !inTable || len(f) < 3 {
			continue
		}
		c := simCase{Name: f[0], LoginURL: f[1], Expected: f[len(f)-1], Settings: map[string]string{}}
		for _, kv := range f[2 : len(f)-1] {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				return nil, fmt.Errorf("case %s: setting %q is not KEY=VALUE", c.Name, kv)
			}
			c.Settings[k] = v
		}
		cases = append(cases, c)
	}
	if len(cases) == 0 {
		return nil, errors.New("the listing has no table")
	}
	return cases, nil
}

// check compares what a client got with what the case expects.
func check(what, got, want string) error {
	if got != want {
		return fmt.Errorf("%s: got %s, want %s", what, got, want)
	}
	return nil
}
