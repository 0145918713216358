package tlsroots

// rawNames returns the DER issuer and subject Names of a DER certificate,
// each with its tag and length as crypto/x509 keeps them in RawIssuer and
// RawSubject, by walking the first fields of tbsCertificate (RFC 5280
// §4.1): no signature, key or extension is parsed. ok is false when the
// bytes are not that shape; crypto/x509 would not parse them either.
func rawNames(der []byte) (issuer, subject []byte, ok bool) {
	cert, _, ok := element(der, 0x30) // Certificate ::= SEQUENCE
	if !ok {
		return nil, nil, false
	}
	tbs, _, ok := element(contents(cert), 0x30) // tbsCertificate
	if !ok {
		return nil, nil, false
	}
	rest := contents(tbs)
	// version [0] EXPLICIT, optional.
	if len(rest) > 0 && rest[0] == 0xa0 {
		if _, rest, ok = element(rest, 0xa0); !ok {
			return nil, nil, false
		}
	}
	var validity []byte
	for _, step := range []struct {
		tag byte
		out *[]byte
	}{{0x02, nil}, {0x30, nil}, {0x30, &issuer}, {0x30, &validity}, {0x30, &subject}} {
		var el []byte
		if el, rest, ok = element(rest, step.tag); !ok {
			return nil, nil, false
		}
		if step.out != nil {
			*step.out = el
		}
	}
	return issuer, subject, true
}

// element cuts the first DER element off b when its tag is tag: the whole
// element (tag, length, contents) and what follows it.
func element(b []byte, tag byte) (el, rest []byte, ok bool) {
	if len(b) < 2 || b[0] != tag {
		return nil, nil, false
	}
	n, hdr := int(b[1]), 2
	if n >= 0x80 {
		octets := n & 0x7f
		// DER: the long form only for 128 and more, in at most 4 octets
		// here (a certificate under 4 GiB), no leading zero.
		if octets == 0 || octets > 4 || len(b) < 2+octets || b[2] == 0 {
			return nil, nil, false
		}
		n = 0
		for _, o := range b[2 : 2+octets] {
			n = n<<8 | int(o)
		}
		if n < 0x80 {
			return nil, nil, false
		}
		hdr += octets
	}
	if n < 0 || len(b)-hdr < n {
		return nil, nil, false
	}
	return b[:hdr+n], b[hdr+n:], true
}

// contents is an element's contents, without its tag and length.
func contents(el []byte) []byte {
	if el[1] < 0x80 {
		return el[2:]
	}
	return el[2+int(el[1]&0x7f):]
}
