// Package soap speaks the Salesforce Partner SOAP API's login() and logout()
// exactly as docs/salesforce.md §1 and the recorded fixtures show.
package soap
