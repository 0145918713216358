package ship

import (
	"os"
	"os/exec"
	"syscall"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// BenchmarkProcessCheck measures what a user waits for: one whole process,
// from exec to verdict, of a full healthy check (login, probes, logout) against the
// simulated org on loopback, all probes on (4 REST calls). ns/op is start-to-verdict wall time; it also
// reports the binary's size and the process's peak RSS.
//
//	go test -run '^$' -bench BenchmarkProcessCheck -benchtime 200x ./internal/ship/
func BenchmarkProcessCheck(b *testing.B) {
	bin := buildBinary(b)
	fi, err := os.Stat(bin)
	if err != nil {
		b.Fatal(err)
	}
	org := simorg.New("Acme Corp", &simorg.User{Username: "int@acme.example.com", Password: "Bench-Pa55", Token: "BenchTok3n1"})
	srv, err := org.Start("127.0.0.1:0", false)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })
	env := []string{"SF_LOGIN_URL=" + srv.URL, "SF_ALLOW_CUSTOM_HOST=true", "SF_USERNAME=int@acme.example.com",
		"SF_PASSWORD=Bench-Pa55", "SF_SECURITY_TOKEN=BenchTok3n1", "SF_AUTH_FLOW=soap"}
	var peak int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, "--json")
		cmd.Env = env
		if err := cmd.Run(); err != nil {
			b.Fatalf("check failed: %v", err)
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > peak {
			peak = ru.Maxrss
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(fi.Size())/1e6, "binary-MB")
	b.ReportMetric(float64(peak)/1024, "peak-RSS-MB")
}
