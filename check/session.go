package check

import "context"

// usable judges the one authenticated call that proves the session is
// accepted (probe.Client.Root).
func (p *prober) usable(ctx context.Context) bool {
	const threshold = "must be accepted"
	err := p.rest.Root(ctx)
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
