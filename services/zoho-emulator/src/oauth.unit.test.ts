import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_CLIENT, startZohoEmulator, type RunningZohoEmulator } from './index.ts';
import { callApi, manualClock, requestToken, toApiResponse } from './emulator-test-harness.ts';

const INVALID_TOKEN_BODY = { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' };

describe('OAuth token endpoint and API authentication', () => {
  const clock = manualClock();
  let emulator: RunningZohoEmulator;

  before(async () => {
    emulator = await startZohoEmulator({ now: clock.now });
  });
  after(() => emulator.close());

  it('grants a token from query-string parameters with api_domain pointing at the emulator', async () => {
    const res = await requestToken(emulator.url);
    assert.equal(res.status, 200);
    assert.match(res.json.access_token, /^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/);
    assert.deepEqual({ ...res.json, access_token: 'x' }, { access_token: 'x', api_domain: emulator.url, token_type: 'Bearer', expires_in: 3600 });
  });

  it('accepts the parameters as a form-urlencoded body and as multipart (the SDK style)', async () => {
    const params = {
      grant_type: 'refresh_token',
      client_id: DEFAULT_CLIENT.clientId,
      client_secret: DEFAULT_CLIENT.clientSecret,
      refresh_token: DEFAULT_CLIENT.refreshToken,
    };
    const urlencoded = await toApiResponse(await fetch(`${emulator.url}/oauth/v2/token`, { method: 'POST', body: new URLSearchParams(params) }));
    assert.equal(typeof urlencoded.json.access_token, 'string');
    const form = new FormData();
    for (const [k, v] of Object.entries(params)) form.append(k, v);
    const multipart = await toApiResponse(await fetch(`${emulator.url}/oauth/v2/token`, { method: 'POST', body: form }));
    assert.equal(typeof multipart.json.access_token, 'string');
    assert.notEqual(multipart.json.access_token, urlencoded.json.access_token);
  });

  it('answers bad credentials with HTTP 200 and Zoho error codes', async () => {
    const badRefresh = await requestToken(emulator.url, { refresh_token: 'nope' });
    assert.equal(badRefresh.status, 200);
    assert.deepEqual(badRefresh.json, { error: 'invalid_code' });
    const badClient = await requestToken(emulator.url, { client_secret: 'wrong' });
    assert.deepEqual(badClient.json, { error: 'invalid_client' });
    const unknownClient = await requestToken(emulator.url, { client_id: 'other' });
    assert.deepEqual(unknownClient.json, { error: 'invalid_client' });
  });

  it('rejects a missing or non-Zoho Authorization header with AUTHENTICATION_FAILURE', async () => {
    const none = await toApiResponse(await fetch(`${emulator.url}/crm/v8/org`));
    assert.equal(none.status, 401);
    assert.equal(none.json.code, 'AUTHENTICATION_FAILURE');
    const token = (await requestToken(emulator.url)).json.access_token as string;
    const bearer = await toApiResponse(await fetch(`${emulator.url}/crm/v8/org`, { headers: { Authorization: `Bearer ${token}` } }));
    assert.equal(bearer.status, 401);
    assert.equal(bearer.json.code, 'AUTHENTICATION_FAILURE');
  });

  it('rejects an unknown token with the exact INVALID_TOKEN body', async () => {
    const res = await callApi(emulator.url, '1000.deadbeef.deadbeef', 'GET', '/crm/v8/org');
    assert.equal(res.status, 401);
    assert.deepEqual(res.json, INVALID_TOKEN_BODY);
  });

  it('expires a token after expires_in seconds (injected clock)', async () => {
    const token = (await requestToken(emulator.url)).json.access_token as string;
    clock.advance(3599_000);
    const stillValid = await callApi(emulator.url, token, 'GET', '/crm/v8/org');
    assert.equal(stillValid.status, 200);
    assert.equal(stillValid.json.org[0].zgid.length > 0, true);
    clock.advance(1_000);
    const expired = await callApi(emulator.url, token, 'GET', '/crm/v8/org');
    assert.equal(expired.status, 401);
    assert.deepEqual(expired.json, INVALID_TOKEN_BODY);
  });
});

describe('OAuth token limits', () => {
  it('allows 10 tokens per refresh token per 10 minutes, then answers Access Denied with HTTP 200', async () => {
    const clock = manualClock();
    const emulator = await startZohoEmulator({ now: clock.now });
    try {
      for (let i = 0; i < 10; i++) {
        clock.advance(1_000);
        assert.equal(typeof (await requestToken(emulator.url)).json.access_token, 'string', `token ${i + 1}`);
      }
      const denied = await requestToken(emulator.url);
      assert.equal(denied.status, 200);
      assert.deepEqual(denied.json, {
        error: 'Access Denied',
        error_description: 'You have made too many requests continuously. Please try again after some time.',
      });
      clock.advance(10 * 60 * 1000);
      assert.equal(typeof (await requestToken(emulator.url)).json.access_token, 'string');
    } finally {
      await emulator.close();
    }
  });

  it('evicts the oldest active token when a 16th is issued', async () => {
    const clock = manualClock();
    const emulator = await startZohoEmulator({ now: clock.now });
    try {
      const tokens: string[] = [];
      for (let i = 0; i < 16; i++) {
        // Spread issues over time so the 10-per-10-minutes limit is not what stops us.
        clock.advance(61_000);
        const res = await requestToken(emulator.url);
        assert.equal(typeof res.json.access_token, 'string', `token ${i + 1}: ${JSON.stringify(res.json)}`);
        tokens.push(res.json.access_token as string);
      }
      const [oldest, second, newest] = [tokens[0] ?? '', tokens[1] ?? '', tokens[15] ?? ''];
      assert.deepEqual((await callApi(emulator.url, oldest, 'GET', '/crm/v8/org')).json, INVALID_TOKEN_BODY);
      assert.equal((await callApi(emulator.url, second, 'GET', '/crm/v8/org')).status, 200);
      assert.equal((await callApi(emulator.url, newest, 'GET', '/crm/v8/org')).status, 200);
    } finally {
      await emulator.close();
    }
  });
});

describe('api_domain is where the emulator can be reached', () => {
  it('bound to every interface: api_domain is the loopback address and port it listens on, and API calls there work', async () => {
    const emulator = await startZohoEmulator({ host: '0.0.0.0', port: 0 });
    try {
      const token = await requestToken(emulator.url);
      assert.match(token.json.api_domain, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(token.json.api_domain, emulator.url);
      assert.equal((await callApi(token.json.api_domain, token.json.access_token, 'GET', '/crm/v8/org')).status, 200);
    } finally {
      await emulator.close();
    }
  });

  it('bound by host name: api_domain is the resolved address, not the name', async () => {
    const emulator = await startZohoEmulator({ host: 'localhost', port: 0 });
    try {
      const token = await requestToken(emulator.url);
      assert.match(token.json.api_domain, /^http:\/\/(127\.0\.0\.1|\[::1\]):\d+$/);
      assert.equal((await callApi(token.json.api_domain, token.json.access_token, 'GET', '/crm/v8/org')).status, 200);
    } finally {
      await emulator.close();
    }
  });

  it('publicUrl (a container host name) is announced as given', async () => {
    const emulator = await startZohoEmulator({ port: 0, publicUrl: 'http://zoho-emulator:18090/' });
    try {
      assert.equal(emulator.url, 'http://zoho-emulator:18090');
    } finally {
      await emulator.close();
    }
  });
});
