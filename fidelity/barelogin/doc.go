// Command barelogin is the floor of scripts/bench.sh: a bare Go SOAP
// login() with simpleforce and nothing else (no logout, no checks, no
// report), from SF_LOGIN_URL, SF_USERNAME, SF_PASSWORD and
// SF_SECURITY_TOKEN. It exits 0 when the login succeeded, 1 otherwise.
package main
