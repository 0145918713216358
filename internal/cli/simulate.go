package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// runSimulate serves the simulated org until the context ends, and prints how
// to point a client at each case. Cases that concern one user are users of
// one org on the login host (--addr), routed by username as Salesforce routes
// a login; cases that change the whole org get a port of their own. Every URL
// handed out is scheme://host:port with nothing before /services/.
func runSimulate(ctx context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	addr := fs.String("addr", "127.0.0.1:8484", "loopback address of the login host (127.0.0.1:0 or [::1]:0 for any free port); org-wide cases listen on the next ports")
	useTLS := fs.Bool("tls", false, "serve HTTPS with a fresh self-signed certificate, written to --dir")
	dir := fs.String("dir", "", "directory for the key and certificate files (default: a new temporary directory, removed on exit)")
	if err := fs.Parse(args); err != nil {
		return &ExitError{Code: check.ExitConfig, Err: fmt.Errorf("bad simulate flags: %w", err)}
	}
	host, port, err := loopbackAddr(*addr)
	if err != nil {
		return &ExitError{Code: check.ExitConfig, Err: err}
	}
	files, cleanup, err := filesDir(*dir)
	if err != nil {
		return &ExitError{Code: check.ExitInconclusive, Err: err}
	}
	defer cleanup()
	var cert *simorg.Certificate
	if *useTLS {
		if cert, err = simorg.NewCertificate(); err != nil {
			return &ExitError{Code: check.ExitInconclusive, Err: err}
		}
	}

	type entry struct {
		sc  simorg.Scenario
		url string
	}
	var (
		entries []entry
		shared  []*simorg.Org
		servers []*simorg.Server
	)
	defer func() {
		for _, srv := range servers {
			_ = srv.Close()
		}
	}()
	for _, sc := range simorg.Scenarios() {
		if !sc.OrgWide {
			shared = append(shared, sc.NewOrg())
		}
	}
	login, err := simorg.ServeWith(net.JoinHostPort(host, strconv.Itoa(port)), cert, simorg.NewRouter(shared...))
	if err != nil {
		return &ExitError{Code: check.ExitInconclusive, Err: err}
	}
	servers = append(servers, login)
	next := port
	for _, sc := range simorg.Scenarios() {
		if !sc.OrgWide {
			entries = append(entries, entry{sc, login.URL})
			continue
		}
		if port != 0 {
			next++
		}
		srv, err := simorg.ServeWith(net.JoinHostPort(host, strconv.Itoa(next)), cert, sc.NewOrg().Handler())
		if err != nil {
			return &ExitError{Code: check.ExitInconclusive, Err: fmt.Errorf("case %s needs a port of its own: %w", sc.Name, err)}
		}
		servers = append(servers, srv)
		entries = append(entries, entry{sc, srv.URL})
	}

	fmt.Fprintf(env.Stdout, "Simulated Salesforce org on %s: one user per case, routed by username (Ctrl-C to stop).\n", login.URL)
	fmt.Fprintf(env.Stdout, "Cases that change the whole org have a port of their own. Key and certificate files are in %s.\n", files)
	if cert != nil {
		path := filepath.Join(files, "simorg-ca.pem")
		// 0644: a certificate is public, and a container running as a
		// non-root user (--user 65532:65532) must read it when mounted.
		if err := os.WriteFile(path, cert.PEM, 0o644); err != nil { //nolint:gosec // see above
			return &ExitError{Code: check.ExitInconclusive, Err: fmt.Errorf("failed to write the CA certificate: %w", err)}
		}
		fmt.Fprintf(env.Stdout, "Trust its certificate with SSL_CERT_FILE=%s\n", path)
	}
	fmt.Fprintln(env.Stdout, "Set SF_ALLOW_CUSTOM_HOST=true and SF_LOGIN_URL to a case's URL, with its settings:")
	fmt.Fprintln(env.Stdout)
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CASE\tSF_LOGIN_URL\tSETTINGS\tEXPECTED")
	for _, e := range entries {
		vars, err := pasteable(e.sc, files)
		if err != nil {
			return &ExitError{Code: check.ExitInconclusive, Err: err}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", e.sc.Name, e.url, settings(vars), e.sc.WantReason)
	}
	if err := tw.Flush(); err != nil {
		return err //nolint:wrapcheck // a failed write to stdout has nothing to add
	}
	<-ctx.Done()
	_, _ = io.WriteString(env.Stdout, "stopped\n")
	return nil
}

// loopbackAddr splits --addr and refuses anything but a loopback host.
func loopbackAddr(addr string) (string, int, error) {
	host, portText, err := net.SplitHostPort(addr)
	port, perr := strconv.Atoi(portText)
	if err != nil || perr != nil || port < 0 || port > 65535 {
		return "", 0, fmt.Errorf("--addr %s is not host:port, e.g. 127.0.0.1:8484 or [::1]:0", addr)
	}
	ip := net.ParseIP(host)
	if host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return "", 0, fmt.Errorf("--addr %s: the simulated org only listens on loopback (127.0.0.1, localhost, [::1])", addr)
	}
	return host, port, nil
}

// filesDir returns the directory for key and certificate files: dir, or a new
// temporary one that cleanup removes.
func filesDir(dir string) (string, func(), error) {
	if dir != "" {
		abs, err := filepath.Abs(dir)
		if err == nil {
			err = os.MkdirAll(abs, 0o700)
		}
		if err != nil {
			return "", nil, fmt.Errorf("failed to use --dir %s: %w", dir, err)
		}
		return abs, func() {}, nil
	}
	tmp, err := os.MkdirTemp("", "simorg-")
	if err != nil {
		return "", nil, fmt.Errorf("failed to make a directory for key files: %w", err)
	}
	return tmp, func() { _ = os.RemoveAll(tmp) }, nil
}

// pasteable returns a case's settings with every private key written to a
// file and named by path, so that each value is one word a shell or a
// KEY=VALUE parser takes as it is.
func pasteable(sc simorg.Scenario, dir string) (map[string]string, error) {
	vars := make(map[string]string, len(sc.Env))
	for k, v := range sc.Env {
		if k != "SF_PRIVATE_KEY" {
			vars[k] = v
			continue
		}
		path := filepath.Join(dir, sc.Name+".key")
		if err := os.WriteFile(path, []byte(v), 0o600); err != nil {
			return nil, fmt.Errorf("failed to write the key of case %s: %w", sc.Name, err)
		}
		vars["SF_PRIVATE_KEY_FILE"] = path
	}
	return vars, nil
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
