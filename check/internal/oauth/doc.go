// Package oauth talks to Salesforce's OAuth 2.0 endpoints: one token request
// per flow (username-password, client credentials, JWT bearer, refresh
// token), the identity URL and token revocation. Every answer is typed: a
// *Token or *Identity, an *Error Salesforce chose to send, or a
// *transport.AnswerError for anything else; transport failures are
// *transport.Error.
//
// Wire facts: docs/salesforce.md §4.
package oauth
