package probe

import "context"

// pathRoot is the version's resource list: the cheapest authenticated call.
const pathRoot = "/"

// usable makes one authenticated call to prove the session is accepted: a
// login can succeed while every later request is refused (Login IP ranges
// enforced on every request, sessions locked to an IP, API disabled).
func (p *prober) usable(ctx context.Context) bool {
	const threshold = "must be accepted"
	err := p.rest.get(ctx, pathRoot, nil, nil)
	if err != nil {
		value, verdict, stop := p.failed(call{probe: nameSession, input: inputSession}, err)
		p.health(nameSession, value, threshold, verdict)
		return stop
	}
	usable := true
	p.out.SessionUsable = &usable
	p.health(nameSession, "accepted", threshold, verdictOK)
	return false
}
