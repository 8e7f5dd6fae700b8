import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { zohoClientSettingsFrom, zohoCredentialsFrom, zohoEnv } from './zoho-env.ts';
import { zohoEndpoints } from './zoho-data-centres.ts';

const secrets = { ZOHO_CLIENT_ID: 'id', ZOHO_CLIENT_SECRET: 'secret', ZOHO_REFRESH_TOKEN: 'refresh' };

test('data centres and environments: accounts server, sandbox API host, upload host', () => {
  assert.deepEqual(zohoEndpoints('eu'), { accountsUrl: 'https://accounts.zoho.eu', uploadUrl: 'https://content.zohoapis.eu' });
  assert.deepEqual(zohoEndpoints('ca', 'sandbox'), { accountsUrl: 'https://accounts.zohocloud.ca', apiUrl: 'https://sandbox.zohoapis.ca', uploadUrl: 'https://upload.zohocloud.ca' });
  assert.equal(zohoEndpoints('au', 'developer').apiUrl, 'https://developer.zohoapis.com.au');
});

test('settings from the environment: ZOHO_DC or ZOHO_ACCOUNTS_URL, edition concurrency, budget with reserve', () => {
  const env = z.object(zohoEnv).parse({ ...secrets, ZOHO_DC: 'in', ZOHO_EDITION: 'professional', ZOHO_CREDITS_PER_DAY: '60000', ZOHO_CREDIT_RESERVE: '5000' });
  assert.equal(zohoCredentialsFrom(env).accountsUrl, 'https://accounts.zoho.in');
  const settings = zohoClientSettingsFrom(env);
  assert.equal(settings.apiUrl, undefined, 'production follows the token api_domain');
  assert.equal(settings.uploadUrl, 'https://content.zohoapis.in');
  assert.equal(settings.limiter.max, 15);
  assert.equal(settings.budget?.limit, 60_000);
  assert.equal(settings.budget?.reserve, 5_000);
  assert.equal(settings.timeoutMs, 60_000, 'a call is given up after 60 s by default');

  const explicit = z.object(zohoEnv).parse({ ...secrets, ZOHO_ACCOUNTS_URL: 'http://127.0.0.1:18090', ZOHO_MAX_CONCURRENCY: '4', ZOHO_TIMEOUT_MS: '5000' });
  assert.equal(zohoCredentialsFrom(explicit).accountsUrl, 'http://127.0.0.1:18090');
  assert.equal(zohoClientSettingsFrom(explicit).limiter.max, 4);
  assert.equal(zohoClientSettingsFrom(explicit).timeoutMs, 5_000);
  assert.equal(zohoClientSettingsFrom(explicit).budget, undefined, 'no budget without ZOHO_CREDITS_PER_DAY');
  assert.throws(() => zohoCredentialsFrom(z.object(zohoEnv).parse(secrets)), /ZOHO_ACCOUNTS_URL or ZOHO_DC/);
});
