// A connect guard for the Salesforce CLI and @salesforce/core in the
// fidelity run (node --require guard.cjs, passed on to every child through
// NODE_OPTIONS): a TCP connection or DNS lookup of anything but loopback
// (127.0.0.0/8, ::1, localhost) or a local socket is refused before it
// starts, and written to $SF_GUARD_LOG, which .ci/fidelity.sh holds empty.
// The simulated org is on loopback; nothing else may be reached.
'use strict';
const net = require('node:net');
const dns = require('node:dns');
const fs = require('node:fs');
function isLoopback(host) {
  if (host === undefined || host === null || host === '' || host === 'localhost') return true;
  const h = String(host).replace(/^\[|\]$/g, '');
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || /^::ffff:127\./i.test(h);
  return false;
}
function refuse(what, host) {
  const line = `${process.pid} ${what} ${host}\n`;
  if (process.env.SF_GUARD_LOG) fs.appendFileSync(process.env.SF_GUARD_LOG, line);
  const err = new Error(`connect guard: ${what} to ${host} refused: only loopback is allowed`);
  err.code = 'ECONNREFUSED';
  throw err;
}
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  let opts = args[0];
  if (Array.isArray(opts)) opts = opts[0];
  let host;
  if (opts !== null && typeof opts === 'object') {
    if (opts.path) return connect.apply(this, args);
    host = opts.host;
  } else if (typeof opts === 'string' && !/^\d+$/.test(opts)) {
    return connect.apply(this, args); // a unix socket path
  } else if (typeof args[1] === 'string') {
    host = args[1];
  }
  if (!isLoopback(host)) refuse('connect', host);
  return connect.apply(this, args);
};
const lookup = dns.lookup;
dns.lookup = function (host, ...rest) {
  if (!isLoopback(host)) refuse('lookup', host);
  return lookup.call(this, host, ...rest);
};
// promisify(dns.lookup) resolves {address, family} because of a symbol
// property on lookup; the wrapper carries the same properties.
for (const sym of Object.getOwnPropertySymbols(lookup)) {
  Object.defineProperty(dns.lookup, sym, Object.getOwnPropertyDescriptor(lookup, sym));
}
const plookup = dns.promises.lookup;
dns.promises.lookup = function (host, ...rest) {
  try {
    if (!isLoopback(host)) refuse('lookup', host);
  } catch (err) {
    return Promise.reject(err);
  }
  return plookup.call(this, host, ...rest);
};
// Resolver queries (c-ares, not getaddrinfo) would ask a name server.
for (const mod of [dns, dns.promises]) {
  for (const name of ['resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveTxt', 'resolveSrv', 'resolveNs', 'resolveMx', 'reverse']) {
    const orig = mod[name];
    if (typeof orig !== 'function') continue;
    mod[name] = function (host, ...rest) {
      try {
        refuse(name, host);
      } catch (err) {
        if (mod === dns.promises) return Promise.reject(err);
        throw err;
      }
      return orig.call(this, host, ...rest);
    };
  }
}
