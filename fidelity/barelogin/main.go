package main

import (
	"fmt"
	"io"
	"log"
	"os"

	"github.com/simpleforce/simpleforce"
)

func main() {
	// simpleforce logs through the standard logger, bodies included.
	log.SetOutput(io.Discard)
	cl := simpleforce.NewClient(os.Getenv("SF_LOGIN_URL"), simpleforce.DefaultClientID, "64.0")
	if err := cl.LoginPassword(os.Getenv("SF_USERNAME"), os.Getenv("SF_PASSWORD"), os.Getenv("SF_SECURITY_TOKEN")); err != nil {
		fmt.Fprintln(os.Stderr, "barelogin: the login failed")
		os.Exit(1)
	}
}
