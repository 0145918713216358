package check

import "sync"

// Remedy fragments that several reasons share.
const (
	resetToken = "Reset the security token as the integration user: avatar → Settings → My Personal Information → " +
		"Reset My Security Token. Salesforce e-mails the new token to the user's address (check spam). " +
		"Store it in the security-token secret; the check sends password and token joined with no separator."
	runnerIPs = "GitHub-hosted runner IP addresses change from run to run, so trusted IP ranges rarely fit them: " +
		"use the security token (or an OAuth flow) instead of allow-listing the runner."
	loginHistory = "An admin sees the exact cause in Setup → Users → the user → Login History (Status column)."
	migrate      = "Migrate the integration to an External Client App with the OAuth client credentials or JWT bearer flow " +
		"(auth-flow: client-credentials or jwt), then point this check at the new credentials."
)

func entry(r Reason, status Status, title, remedy string) Info {
	info := Info{Reason: r, Status: status, Title: title, Remedy: remedy}
	switch status {
	case StatusPass:
		info.Severity, info.Exit = SeverityInfo, ExitOK
	case StatusWarn:
		info.Severity, info.Exit = SeverityWarning, ExitOK
	case StatusFail:
		info.Severity, info.Exit = SeverityError, ExitFail
	default:
		info.Severity, info.Exit = SeverityError, ExitInconclusive
	}
	return info
}

func configEntry(r Reason, title, remedy string) Info {
	return Info{Reason: r, Status: StatusError, Severity: SeverityError, Exit: ExitConfig, Title: title, Remedy: remedy}
}

// vocabulary is built on first use: a command that runs no check (version,
// simulate) does no package-level work for it.
var vocabulary = sync.OnceValue(func() map[Reason]Info {
	list := []Info{
		entry(OK, StatusPass, "Login succeeded", "Nothing to do."),
		entry(MissingSecurityToken, StatusFail, "Security token missing",
			"Salesforce saw this login come from an IP address outside the org's trusted IP ranges, and no security token was given. "+
				resetToken+" "+runnerIPs),
		entry(StaleSecurityToken, StatusFail, "Security token is stale",
			"The password is right but the security token is not the current one: a token is replaced whenever the password "+
				"changes or someone resets it. "+resetToken),
		entry(InvalidCredentials, StatusFail, "Username, password or security token rejected",
			"Salesforce does not say which part is wrong. In order of likelihood: the security token was reset (a password change "+
				"resets it) — get the new one from the e-mail; the password was changed — update the password secret; the user is "+
				"locked out, frozen or inactive — an admin checks Setup → Users. Since 2026-04-24 Salesforce freezes a user whose "+
				"API traffic comes from an anonymizing VPN, proxy or other high-risk IP and revokes its refresh tokens (admins get "+
				"a \"Salesforce Security notification\" e-mail): an admin unfreezes the user, and the runner's egress stays off VPNs "+
				"and anonymizing proxies. Password and token are joined with no separator; "+
				"check neither secret has a trailing space or newline. Run once with pinpoint: true to tell a stale token from a "+
				"wrong password (costs one more login attempt). "+loginHistory),
		entry(WrongPassword, StatusFail, "Password is wrong",
			"Even the password alone is rejected, so the password secret is wrong or outdated (or the user is locked out or frozen). "+
				"Set the current password in the password secret; if it was changed, the security token was reset too — update both. "+
				loginHistory),
		entry(IPRestricted, StatusFail, "Login IP ranges exclude this runner",
			"The user's profile has Login IP Ranges and the runner's address is outside them; a security token does not help. "+
				"An admin either adds the runner's egress IP to Setup → Profiles → the profile → Login IP Ranges, or runs the job "+
				"on a self-hosted runner with a fixed address inside them. "+runnerIPs),
		entry(LoginHours, StatusFail, "Outside the profile's login hours",
			"The user's profile restricts login hours and this run falls outside them. An admin widens Setup → Profiles → the "+
				"profile → Login Hours, or the schedule moves inside them."),
		entry(PasswordExpired, StatusFail, "Password expired",
			"The integration user's password has expired; until it is changed, every API call except setPassword fails. Log in as "+
				"the user (or have an admin reset the password), set a new one, then update the password secret AND the security-token "+
				"secret (a password change resets the token). Consider a profile whose password policy never expires for API-only users."),
		entry(LockedOut, StatusFail, "User locked out",
			"Too many failed logins locked the user (default: 10 attempts, 15 minutes). Find the job that still uses an old password "+
				"or token and stop it, then an admin unlocks the user in Setup → Users → the user → Unlock."),
		entry(APIDisabled, StatusFail, "API access is disabled",
			"The user's profile or permission set lacks the \"API Enabled\" permission, or the org's edition has no API access. "+
				"An admin grants API Enabled to the integration user (Setup → Profiles or Permission Sets → System Permissions)."),
		entry(SOAPLoginDisabled, StatusFail, "SOAP API login() is disabled in this org",
			"Orgs created from Winter '26 on have SOAP login() turned off. "+migrate+" Until then an admin can turn it on in "+
				"Setup → User Interface → \"Enable SOAP API login()\"; it retires for all API versions in Summer '27."),
		entry(APIVersionUnsupported, StatusFail, "API version not supported for login",
			"SOAP login() exists only in API versions 31.0 to 64.0, and a version newer than the org's release is refused. Set "+
				"api-version to 64.0 (or lower), or move to an OAuth flow, which has no such limit."),
		entry(MissingPermission, StatusFail, "Missing permission to log in through the API",
			"The user lacks a permission this login needs, usually \"Use Any API Auth\" (required for SOAP login() in orgs created "+
				"from Summer '26 and from API 67.0). An admin grants it through a permission set."),
		entry(IdentityVerification, StatusFail, "Salesforce asks for identity verification",
			"Salesforce wants to verify this login (a new device or location) and an API call cannot answer the challenge. Give a "+
				"security token, or have an admin add the runner's range to trusted IP ranges. "+runnerIPs),
		entry(SSOUser, StatusFail, "User logs in through single sign-on",
			"The user is set up for delegated authentication (SSO), so a Salesforce password cannot log it in, or the SSO service "+
				"is down. Use a dedicated integration user without SSO, or an OAuth flow."),
		entry(OrgUnavailable, StatusFail, "Org is unavailable",
			"The org is locked, in maintenance, its trial expired, or it moved to another instance. Check status.salesforce.com and "+
				"the org's Company Information; for an expired trial or a locked org contact Salesforce."),
		entry(RateLimited, StatusFail, "Login rate limit reached",
			"The user logged in more than Salesforce allows (3,600 logins per user per hour) or the org's request limit is spent. "+
				"Find the job that logs in in a loop and make it reuse its session; logins work again an hour after the block."),
		entry(WrongLoginHost, StatusFail, "Login URL is not a Salesforce login endpoint",
			"The login URL answered with something that is not Salesforce's SOAP API (an HTML page, a 404/405 or a redirect). Use "+
				"https://login.salesforce.com (production), https://test.salesforce.com (sandbox) or the org's My Domain URL "+
				"(https://<MyDomainName>.my.salesforce.com), without a path."),
		entry(LoginRejected, StatusFail, "Salesforce rejected the login",
			"Salesforce refused the login with the code and message quoted above. "+loginHistory),
		configEntry(ConfigError, "Configuration error",
			"Fix the input named in the message; no login was attempted, so nothing counted against the user's lockout."),
		configEntry(UntrustedLoginHost, "Login host is not a Salesforce domain",
			"The login URL's host is not one of Salesforce's login domains, so the credentials were not sent. Use "+
				"https://login.salesforce.com, https://test.salesforce.com or the org's My Domain URL; for a test server or a proxy "+
				"you trust, set allow-custom-host: true."),
		entry(NetworkError, StatusError, "Could not reach Salesforce",
			"The runner could not connect to the login host (DNS, connection or TLS failure) even after retrying. Check the login "+
				"URL for typos, the runner's outbound network and proxy, and status.salesforce.com. The credentials were not judged."),
		entry(Timeout, StatusError, "Check timed out",
			"Salesforce did not answer within the timeout. Retry later or raise the timeout input; check status.salesforce.com. "+
				"The credentials were not judged."),
		entry(Cancelled, StatusError, "Check cancelled",
			"The run was cancelled before the check finished. Nothing about the credentials was decided."),
		entry(ServerError, StatusError, "Salesforce answered with a server error",
			"Salesforce (or a proxy in front of it) answered with a server error, so the credentials were not judged. Retry later "+
				"and check status.salesforce.com."),
		entry(UnexpectedResponse, StatusError, "Unexpected answer from the login host",
			"The answer could not be read as Salesforce's API (truncated, too large or malformed). Check the login URL and any "+
				"proxy between the runner and Salesforce, then retry."),

		entry(SandboxUsernameOnProduction, StatusWarn, "Sandbox-style username against the production login host",
			"Sandbox usernames carry the sandbox name as a suffix (user@acme.com.uat) and log in at https://test.salesforce.com or "+
				"the sandbox's My Domain URL, not login.salesforce.com. Set login-url accordingly."),
		entry(TLSRootsUnreadable, StatusWarn, "SSL_CERT_FILE or SSL_CERT_DIR cannot be used",
			"The certificate file or directory named by SSL_CERT_FILE or SSL_CERT_DIR cannot be read or holds no certificate, "+
				"so the CA it names is not trusted and TLS falls back to the system's or the embedded roots. Make the file "+
				"readable by the user the check runs as (mounted into a container: chmod 644) or fix the path."),
		entry(FlowRetiring, StatusWarn, "Login flow is being retired",
			migrate),
		entry(FlowRetired, StatusFail, "Login flow is retired",
			migrate),
		entry(APIVersionDeprecated, StatusWarn, "API version is deprecated",
			"Salesforce deprecates API versions 31.0 to 40.0 (SOAP, REST and Bulk) with the Summer '27 release and retires them "+
				"with Summer '28, after which every call in them fails. Set api-version to 64.0 (the newest with SOAP login()) or, "+
				"for an OAuth flow, a current version, and move the integration's own calls to it too."),

		entry(InvalidClient, StatusFail, "Consumer key or secret rejected",
			"The client-id (consumer key) or client-secret (consumer secret) does not match an app in this org. Copy both again "+
				"from Setup → App Manager (or External Client App Manager) → the app → Consumer Key and Secret; a sandbox "+
				"refreshed from production has its own copies."),
		entry(AppNotApproved, StatusFail, "User is not approved for the app",
			"The user has not been approved for this connected app. An admin sets the app's Permitted Users to \"Admin approved "+
				"users are pre-authorized\" and adds the user's profile or a permission set to the app."),
		entry(InvalidAssertion, StatusFail, "JWT assertion rejected",
			"Salesforce refused the signed JWT: the certificate uploaded to the app (it must match private-key), the consumer "+
				"key in iss (client-id), the username in sub, or the runner's clock (exp). Check each against the app's settings."),
		entry(AppNotInstalled, StatusFail, "External Client App not installed in this org",
			"The consumer key belongs to an External Client App that is not installed in the org this login reached. An External "+
				"Client App lives in the org that made it; every other org (each sandbox, and a sandbox again after a refresh) "+
				"needs it installed from its package, or its own app. An admin opens Setup → External Client App Manager in the "+
				"target org, installs or creates the app there, and the job uses that org's consumer key. Check login-url names "+
				"the org you mean (its My Domain URL)."),
		entry(JWTAudienceInvalid, StatusFail, "JWT audience does not fit the org",
			"Salesforce refused the assertion's audience (aud). A production org takes https://login.salesforce.com and a "+
				"sandbox https://test.salesforce.com (an Experience Cloud site its own URL), whatever login-url is: a sandbox "+
				"reached through its My Domain URL still wants https://test.salesforce.com. Set jwt-audience to the one that "+
				"fits, or leave it empty to let the check choose from login-url."),
		entry(RefreshIPRestricted, StatusFail, "The app's IP policy refuses this runner",
			"The refresh token was refused with \"ip restricted\": the app's OAuth policy \"IP Relaxation\" is \"Enforce IP "+
				"restrictions\", so the user's profile Login IP Ranges (and the org's trusted IP ranges) apply to every token "+
				"refresh, and this runner is outside them. An admin sets Setup → Connected Apps → Manage Connected Apps (or External "+
				"Client App Manager) → the app → Edit Policies → IP Relaxation to \"Relax IP restrictions\", or the job runs on a "+
				"runner with a fixed address inside the ranges. "+runnerIPs),
		entry(NoRunAsUser, StatusFail, "Client credentials flow has no run-as user",
			"The app allows the client credentials flow but names no execution user. An admin opens the app's policies and sets "+
				"\"Run As\" to an integration user with API Enabled."),
		entry(FlowBlocked, StatusFail, "The org blocks this OAuth flow or app",
			"The org refuses this flow or app: API Access Control blocks the app, or the flow is off (the username-password flow "+
				"is off by default since Summer '23). An admin allows it in Setup → OAuth and OpenID Connect Settings or Connected "+
				"Apps OAuth Usage; better, "+migrate),
		entry(ExpiredRefreshToken, StatusFail, "Refresh token expired or revoked",
			"The refresh token no longer works: it was revoked, the app's refresh token policy expired it, or the user's password "+
				"changed. Authorise again (sf org login web, then sf org display --verbose for a new sfdx auth URL) and update the "+
				"secret; consider the JWT bearer flow, which has no refresh token to expire."),
		entry(InactiveUser, StatusFail, "User is inactive",
			"The integration user is deactivated. An admin reactivates it in Setup → Users, or the integration moves to an active user."),

		entry(SessionRejected, StatusFail, "Login worked but the session is refused",
			"Login worked but the session is refused on its first API call: the profile enforces Login IP ranges on every request, "+
				"or sessions are locked to the IP address they started from. An admin adds the runner's egress IP to the profile's "+
				"Login IP Ranges or turns off \"Enforce login IP ranges on every request\" / \"Lock sessions to the IP address\"."),
		entry(APILimitLow, StatusWarn, "Daily API requests running low",
			"Few of the org's daily API requests remain (a rolling 24 hours). Find the integrations using them in Setup → Company "+
				"Information or the API Usage report, reduce polling, or buy more capacity."),
		entry(APILimitExhausted, StatusFail, "Daily API requests exhausted",
			"The org has no daily API requests left, so every integration call fails until the rolling 24-hour window frees some. "+
				"Stop the noisiest integration (API Usage report), then raise the limit with Salesforce if it recurs."),
		entry(PasswordExpiring, StatusWarn, "Password expires soon",
			"The integration user's password expires soon; changing it resets the security token — update both secrets the same day. "+
				"Consider a profile whose password never expires for integration users."),
		entry(RecentLoginFailures, StatusWarn, "Recent failed logins for this user",
			"Failed logins for this user were recorded in the last 24 hours. Another job probably still uses an old password or "+
				"token; find it by the source IP and fix it before the failures lock the user out."),
		entry(LoginRateHigh, StatusWarn, "Login rate close to the hourly limit",
			"This user logged in close to 3,600 times in the last hour. Some job logs in for every call; make it reuse its session "+
				"before Salesforce blocks the user for an hour."),
		entry(RunnerTrust, StatusPass, "This runner and the org's trusted IP ranges",
			"Nothing to do. From outside the org's trusted IP ranges every password login needs the security token, so a "+
				"password change or a token reset breaks it until both secrets are updated; from inside, the token is not needed. "+
				runnerIPs),
		entry(AdminChecklist, StatusPass, "Admin checklist for an integration user",
			"A notice, never a failure: Salesforce's guidance for integration users is a dedicated user with the least "+
				"permissions it needs (no Modify All Data), API Only, on a profile with Login IP Ranges, and its Login History "+
				"checked. An admin changes the user or its profile in Setup → Users and Setup → Profiles."),
		entry(ProbeNotPermitted, StatusPass, "Not readable by this user",
			"The user's permissions do not allow this probe. Grant View Setup and Configuration (limits) or API 37.0+ access to its "+
				"own LoginHistory to see it, or turn the probe off."),
	}
	m := make(map[Reason]Info, len(list))
	for _, info := range list {
		info.Said = said[info.Reason]
		m[info.Reason] = info
	}
	return m
})
