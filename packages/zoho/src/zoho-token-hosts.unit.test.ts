import assert from 'node:assert/strict';
import { test } from 'node:test';
import { downloadHostOf, tokenDestination } from './zoho-token-hosts.ts';

const US = { apiBase: 'https://www.zohoapis.com', uploadBase: 'https://content.zohoapis.com' };
const EU_SANDBOX = { apiBase: 'https://sandbox.zohoapis.eu', uploadBase: 'https://content.zohoapis.eu' };
const CA = { apiBase: 'https://www.zohoapis.ca', uploadBase: 'https://upload.zohocloud.ca' };
const EMULATOR = { apiBase: 'http://127.0.0.1:18090', uploadBase: 'http://127.0.0.1:18090' };
const RESULT = '/v2/crm/6735/bulk-write/347706122009/347706122009.zip';

test('each data centre\'s download host: download-accl. + its accounts domain', () => {
  assert.equal(downloadHostOf('https://accounts.zoho.com'), 'download-accl.zoho.com');
  assert.equal(downloadHostOf('https://accounts.zoho.com.au'), 'download-accl.zoho.com.au');
  assert.equal(downloadHostOf('https://accounts.zohocloud.ca'), 'download-accl.zohocloud.ca');
});

test('the token goes to the API and upload origins and to the data centre\'s download host over https; nowhere else', () => {
  const cases: Array<[string, { apiBase: string; uploadBase: string }, boolean | string]> = [
    [`https://download-accl.zoho.com${RESULT}`, US, true], // reference §5's example
    [`https://www.zohoapis.com/crm/bulk/v8/write/1`, US, true],
    [`https://content.zohoapis.com/crm/v8/upload`, US, true],
    [`https://download-accl.zoho.eu${RESULT}`, EU_SANDBOX, true],
    [`https://download-accl.zohocloud.ca${RESULT}`, CA, true],
    [`http://127.0.0.1:18090${RESULT}`, EMULATOR, true], // the emulator serves results on its own origin
    // Another data centre's download host, or the right one over http or on another port.
    [`https://download-accl.zoho.eu${RESULT}`, US, 'download-accl.zoho.eu'],
    [`http://download-accl.zoho.com${RESULT}`, US, 'download-accl.zoho.com'],
    [`https://download-accl.zoho.com:8443${RESULT}`, US, 'download-accl.zoho.com:8443'],
    // Look-alikes and anyone else.
    [`https://download-accl.zoho.com.evil.example${RESULT}`, US, 'download-accl.zoho.com.evil.example'],
    [`https://evil.example/?u=https://download-accl.zoho.com`, US, 'evil.example'],
    [`https://zohoapis.com${RESULT}`, US, 'zohoapis.com'],
    [`http://127.0.0.1:18091${RESULT}`, EMULATOR, '127.0.0.1:18091'],
    [`https://download-accl.zoho.com${RESULT}`, EMULATOR, 'download-accl.zoho.com'], // an emulator run never sends its token to Zoho
    ['not a url', US, '(not a URL)'],
  ];
  for (const [url, known, expected] of cases) {
    const verdict = tokenDestination(url, known);
    if (expected === true) assert.deepEqual(verdict, { allowed: true }, url);
    else assert.deepEqual([verdict.allowed, verdict.allowed ? null : verdict.host], [false, expected], url);
  }
});
