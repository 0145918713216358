package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/salesforce-login-check/salesforce-login-check/check/simorg"
)

// runSimulate serves every scenario's org below its own path on one loopback
// listener until the context ends, and prints how to point a client at each.
func runSimulate(ctx context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	addr := fs.String("addr", "127.0.0.1:8484", "loopback address to listen on")
	useTLS := fs.Bool("tls", false, "serve HTTPS with a fresh self-signed certificate (written next to the binary's working directory)")
	if err := fs.Parse(args); err != nil {
		return &ExitError{Code: 2, Err: fmt.Errorf("bad simulate flags: %w", err)}
	}
	host, _, _ := strings.Cut(*addr, ":")
	if host != "127.0.0.1" && host != "localhost" && host != "[::1]" {
		return &ExitError{Code: 2, Err: fmt.Errorf("--addr %s: the simulated org only listens on loopback (127.0.0.1, localhost, [::1])", *addr)}
	}
	mux := http.NewServeMux()
	type entry struct {
		sc  simorg.Scenario
		org *simorg.Org
	}
	var entries []entry
	for _, sc := range simorg.Scenarios() {
		org := sc.NewOrg()
		org.PathPrefix = "/" + sc.Name
		mux.Handle(org.PathPrefix+"/", org.Handler())
		entries = append(entries, entry{sc, org})
	}
	srv, err := simorg.Serve(*addr, *useTLS, mux)
	if err != nil {
		return &ExitError{Code: 3, Err: err}
	}
	defer srv.Close()

	fmt.Fprintf(env.Stdout, "Simulated Salesforce orgs on %s (Ctrl-C to stop).\n", srv.URL)
	if *useTLS {
		path, err := filepath.Abs("simorg-ca.pem")
		if err == nil {
			err = os.WriteFile(path, srv.CACertPEM, 0o644) //nolint:gosec // a CA certificate is public; a non-root container user must read it
		}
		if err != nil {
			return &ExitError{Code: 3, Err: fmt.Errorf("failed to write the CA certificate: %w", err)}
		}
		fmt.Fprintf(env.Stdout, "Trust its certificate with SSL_CERT_FILE=%s\n", path)
	}
	fmt.Fprintln(env.Stdout, "Set SF_ALLOW_CUSTOM_HOST=true and SF_LOGIN_URL to a case's URL, with its settings:")
	fmt.Fprintln(env.Stdout)
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CASE\tSF_LOGIN_URL\tSETTINGS\tEXPECTED")
	for _, e := range entries {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", e.sc.Name, srv.URL+e.org.PathPrefix, settings(e.sc.Env), e.sc.WantReason)
	}
	if err := tw.Flush(); err != nil {
		return err //nolint:wrapcheck // a failed write to stdout has nothing to add
	}
	<-ctx.Done()
	_, _ = io.WriteString(env.Stdout, "stopped\n")
	return nil
}

// settings prints a scenario's variables; they are the simulated org's own
// demo credentials, printed on purpose.
func settings(env map[string]string) string {
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+"="+env[k])
	}
	return strings.Join(parts, " ")
}
