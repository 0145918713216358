package ship

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// releaseWorkflow is the part of .github/workflows/release.yml the release
// rules are about.
type releaseWorkflow struct {
	Jobs map[string]struct {
		Permissions map[string]string `yaml:"permissions"`
		Steps       []struct {
			ID   string            `yaml:"id"`
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			With map[string]string `yaml:"with"`
			Run  string            `yaml:"run"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// TestReleaseAttestsTheImage: the job that pushes the image attests the
// digest it pushed with actions/attest, signed (id-token) and stored
// (attestations) by GitHub and pushed to the registry beside the image; the
// digest-pinned image: rewrite stays; vX.Y.Z is published from a draft and
// checked to be immutable; vX moves; the docs say how to verify.
func TestReleaseAttestsTheImage(t *testing.T) {
	t.Parallel()
	var wf releaseWorkflow
	if err := yaml.Unmarshal([]byte(readFile(t, "../../.github/workflows/release.yml")), &wf); err != nil {
		t.Fatal(err)
	}

	attested := false
	for name, job := range wf.Jobs {
		built := false
		for _, st := range job.Steps {
			if strings.HasPrefix(st.Uses, "docker/build-push-action@") && st.With["push"] == "true" {
				built = st.ID == "build"
			}
			if !strings.HasPrefix(st.Uses, "actions/attest@") {
				continue
			}
			attested = true
			if !built {
				t.Errorf("job %s: the attestation does not follow the push of the step with id build", name)
			}
			for key, want := range map[string]string{
				"subject-name":     "${{ steps.version.outputs.image }}",
				"subject-digest":   "${{ steps.build.outputs.digest }}",
				"push-to-registry": "true",
			} {
				if got := st.With[key]; got != want {
					t.Errorf("job %s: actions/attest %s = %q, want %q", name, key, got, want)
				}
			}
			for _, scope := range []string{"id-token", "attestations", "packages"} {
				if job.Permissions[scope] != "write" {
					t.Errorf("job %s: attests without permissions %s: write", name, scope)
				}
			}
		}
	}
	if !attested {
		t.Error("release.yml: no step uses actions/attest")
	}

	var runs strings.Builder
	for _, job := range wf.Jobs {
		for _, st := range job.Steps {
			runs.WriteString(st.Run + "\n")
		}
	}
	for _, want := range []string{
		`ref="docker://${IMAGE}@${DIGEST}"`,                             // the image by digest
		`sed -i "s|^  image: Dockerfile\$|  image: ${ref}|" action.yml`, // on the release commit
		`args=(--verify-tag --draft`,                                    // a draft first
		`gh release edit "$VERSION" --draft=false`,                      // then published
		`--jq .immutable`,                                               // and checked
		`git push -f origin "refs/tags/$MAJOR"`,                         // vX moves
		`gh attestation verify oci://`,                                  // the notes say how to verify
	} {
		if !strings.Contains(runs.String(), want) {
			t.Errorf("release.yml: no step runs %s", want)
		}
	}
	for _, doc := range []string{"../../docs/security.md", "../../docs/development.md"} {
		if !strings.Contains(readFile(t, doc), "gh attestation verify oci://") {
			t.Errorf("%s does not say how to verify the image's attestation", doc)
		}
	}
}
