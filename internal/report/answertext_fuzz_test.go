package report_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/report"
)

// separators are what a hostile answer splits a secret with: control and
// format characters (a bidi override, zero-width characters), line breaks
// and blanks, and percent-escapes of them in either case.
var separators = []string{"\a", "\x00", "\x1b[0m", "\u202e", "\u200b", "\ufeff", "\u2066", "\r\n", "\t", " ", "\u2028", "%07", "%0a", "%E2%80%AE"}

// escape is a percent-escape, whose hex digits a server may write in lower
// case.
var escape = regexp.MustCompile(`%[0-9A-F]{2}`)

// FuzzAnswerTextNeverRevealsSecret: a hostile token endpoint answers the
// check's login with the password echoed in its error, split at any place
// by any separator, percent-encoded in upper or lower case or not, among
// bidi overrides and padding. Through check.Run and every renderer (text,
// JSON, annotations, outputs, job summary; one org and many), no rendering
// holds the secret, nor any part of it of check.MinSecretLen bytes or more
// that the same run without the secret does not hold; and every string of
// the JSON report is inert (one line, no control or format character) and
// capped.
func FuzzAnswerTextNeverRevealsSecret(f *testing.F) {
	f.Add("Pa55word-Secret1", uint8(8), uint8(0), uint8(0), uint16(0))
	f.Add("Pa55word-Secret1", uint8(3), uint8(3), uint8(1), uint16(10))
	f.Add("correct horse battery", uint8(7), uint8(8), uint8(2), uint16(3000))
	f.Add("p+/=%&?x", uint8(2), uint8(11), uint8(2), uint16(1))
	f.Fuzz(func(t *testing.T, secret string, at, sep, encoding uint8, pad uint16) {
		secret = strings.TrimSpace(secret)
		if len(secret) < check.MinSecretLen || len(secret) > 64 || !utf8.ValidString(secret) ||
			strings.ContainsFunc(secret, func(r rune) bool { return !unicode.IsPrint(r) }) {
			t.Skip()
		}
		k := 1 + int(at)%(len(secret)-1)
		for !utf8.RuneStart(secret[k]) {
			k--
		}
		separator := separators[int(sep)%len(separators)]
		split := secret[:k] + separator + secret[k:]
		if strings.HasPrefix(separator, "%") {
			encoding = 0 // an escape already: not escaped twice
		}
		switch encoding % 3 {
		case 1:
			split = url.QueryEscape(split)
		case 2:
			split = escape.ReplaceAllStringFunc(url.QueryEscape(split), strings.ToLower)
		}
		noise := "\u202eevil\u2066" + strings.Repeat("ab ", int(pad)%4000)
		rendered := renderHostile(t, secret, "bad "+split+" tail "+noise)
		baseline := renderHostile(t, secret, "bad "+check.Mask+" tail "+noise)
		for name, text := range rendered {
			if strings.Contains(text, secret) {
				t.Fatalf("%s shows the secret %q:\n%s", name, secret, text)
			}
			for n := check.MinSecretLen; n <= len(secret); n++ {
				for i := 0; i+n <= len(secret); i++ {
					if part := secret[i : i+n]; strings.Contains(text, part) && !strings.Contains(baseline[name], part) {
						t.Fatalf("%s shows %q, part of the secret %q:\n%s", name, part, secret, text)
					}
				}
			}
		}
		var res map[string]any
		if err := json.Unmarshal([]byte(rendered["json"]), &res); err != nil {
			t.Fatalf("JSON report does not parse: %v", err)
		}
		eachString(res, func(s string) {
			if check.NewSecrets(nil).Report(s) != s || utf8.RuneCountInString(s) > 8001 {
				t.Errorf("report string %.80q is not inert and capped", s)
			}
		})
	})
}

// renderHostile runs the password flow against a token endpoint that
// refuses it with description, and renders the result every way.
func renderHostile(t *testing.T, password, description string) map[string]string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": "invalid_grant", "error_description": description})
	}))
	defer srv.Close()
	secrets := check.NewSecrets(nil)
	cfg := &check.Config{
		Username: "int@acme.example.com", Password: password, LoginURL: srv.URL, LoginHost: "127.0.0.1",
		APIVersion: "64.0", Timeout: 5 * time.Second, AllowCustomHost: true,
		Flow: check.FlowPassword, ClientID: "3MVG9client", ClientSecret: "client-secret-0123",
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res := check.Run(ctx, cfg, check.WithHTTPClient(srv.Client()), check.WithSecrets(secrets), check.WithBackoff(time.Millisecond))
	return renderings(t, t.TempDir(), res, report.NewMulti([]*check.Result{res}, false), []string{password, cfg.ClientSecret})
}

// eachString calls fn with every string in a decoded JSON value.
func eachString(v any, fn func(string)) {
	switch x := reflect.ValueOf(v); x.Kind() {
	case reflect.String:
		fn(x.String())
	case reflect.Map:
		for it := x.MapRange(); it.Next(); {
			eachString(it.Value().Interface(), fn)
		}
	case reflect.Slice:
		for i := range x.Len() {
			eachString(x.Index(i).Interface(), fn)
		}
	}
}
