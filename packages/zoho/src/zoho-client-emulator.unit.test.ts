// ZohoClient against the real emulator HTTP server (in process, ephemeral port): limiter, retries,
// token expiry, credit budget, record APIs, attachments and Bulk Write.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { PermanentError } from '@panda2zoho/kafka';
import { DEFAULT_CLIENT, startZohoEmulator, type RunningZohoEmulator, type ZohoEmulatorOptions } from '@panda2zoho/zoho-emulator';
import { AdaptiveLimiter } from './adaptive-limiter.ts';
import { CreditBudget } from './credit-budget.ts';
import { ZohoAuth } from './zoho-auth.ts';
import type { ZohoCall, ZohoCallResult } from './zoho-call-observer.ts';
import { ZohoClient, type ZohoClientOptions } from './zoho-client.ts';

const running: RunningZohoEmulator[] = [];
after(async () => {
  await Promise.all(running.map((e) => e.close()));
});

interface Harness {
  emulator: RunningZohoEmulator;
  client: ZohoClient;
  calls: Array<{ call: ZohoCall; result: ZohoCallResult }>;
  /** Most calls the client had in flight at once. */
  maxInFlight(): number;
  statuses(): Record<string, number>;
  faults(config: Record<string, number>): Promise<void>;
}

async function harness(options: ZohoEmulatorOptions = {}, client: Partial<ZohoClientOptions> = {}, authNow?: () => number): Promise<Harness> {
  const emulator = await startZohoEmulator({ host: '127.0.0.1', port: 0, ...options });
  running.push(emulator);
  const calls: Harness['calls'] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const zoho = new ZohoClient({
    // No apiUrl: the client goes where the token's api_domain says.
    auth: new ZohoAuth({ accountsUrl: emulator.url, ...DEFAULT_CLIENT }, authNow),
    observer: {
      started: () => (maxInFlight = Math.max(maxInFlight, ++inFlight)),
      finished: (call, result) => {
        inFlight--;
        calls.push({ call, result });
      },
    },
    retry: { initialDelayMs: 5, maxDelayMs: 50 },
    ...client,
  });
  return {
    emulator,
    client: zoho,
    calls,
    maxInFlight: () => maxInFlight,
    statuses: () => {
      const out: Record<string, number> = {};
      for (const { result } of calls) out[result.status] = (out[result.status] ?? 0) + 1;
      return out;
    },
    faults: async (config) => {
      const res = await fetch(`${emulator.url}/__emulator/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(config) });
      assert.equal(res.status, 200);
    },
  };
}

const contacts = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ Last_Name: `Patient ${from + i}`, Email: `p${from + i}@example.test` }));
const batches = <T>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

test('steady state at the edition concurrency: no 429 with 60 calls launched at once (free edition: 5 slots)', async () => {
  const h = await harness({ edition: 'free', faults: { latencyMs: 20 } }, { edition: 'free' });
  const records = contacts(600);
  // 6 upserts of 100 (complex) and 54 reads, all at once: the emulator answers 429 to a 6th concurrent call.
  await Promise.all([
    ...batches(records, 100).map((b) => h.client.upsert('Contacts', b, ['Email'])),
    ...Array.from({ length: 54 }, () => h.client.request('GET', '/crm/v8/Contacts?fields=Last_Name&per_page=1')),
  ]);
  assert.deepEqual(Object.keys(h.statuses()).sort(), ['200', '201', '204'].filter((s) => h.statuses()[s] !== undefined).sort());
  assert.equal(h.statuses()['429'], undefined, 'no 429 in steady state');
  assert.equal(h.client.limiter.limit, 5, 'never lowered');
  assert.equal(h.maxInFlight(), 5, 'the edition concurrency used, never exceeded');
  assert.equal(h.emulator.exportState().modules['Contacts']?.records.length, 600);
});

test('a 429 storm (30 % of calls) still writes 2,000 records, each exactly once', async () => {
  // The production limiter (edition concurrency, default backoff).
  const h = await harness({ edition: 'enterprise', faults: { rate429: 0.3, seed: 7 } }, { edition: 'enterprise' });
  const records = contacts(2_000);
  const results = await Promise.all(batches(records, 100).map((b) => h.client.upsert('Contacts', b, ['Email'])));
  assert.ok((h.statuses()['429'] ?? 0) >= 5, `the storm happened (${h.statuses()['429'] ?? 0} × 429)`);
  assert.ok(results.flat().every((r) => r.status === 'success'));
  const state = h.emulator.exportState();
  const emails = (state.modules['Contacts']?.records ?? []).map((r) => r['Email']);
  assert.equal(emails.length, 2_000, 'no record missing, none duplicated');
  assert.equal(new Set(emails).size, 2_000);
  assert.equal(state.writes.filter((w) => w.module === 'Contacts').length, 20, 'each batch reached Zoho once: a 429 is never processed');
  assert.ok(state.writes.every((w) => Array.isArray(w.trigger) && w.trigger.length === 0), 'no workflows fired');
});

test('5xx and timeouts are retried for idempotent calls; a plain insert is not repeated blindly', async () => {
  // The timeout must stay well above a loaded machine's answer time: only the injected hangs should time out.
  const h = await harness({ faults: { rate5xx: 0.25, timeoutRate: 0.1, seed: 3 } }, { timeoutMs: 2_000, retry: { initialDelayMs: 5, maxDelayMs: 50, maxAttempts: 10 } });
  const results = await Promise.all(batches(contacts(500), 100).map((b) => h.client.upsert('Contacts', b, ['Email'])));
  assert.equal(results.flat().length, 500);
  assert.ok((h.statuses()['500'] ?? 0) + (h.statuses()['none'] ?? 0) > 0, 'faults were injected');
  assert.equal(h.emulator.exportState().modules['Contacts']?.records.length, 500);

  await h.faults({ rate5xx: 1 });
  const before = h.calls.length;
  await assert.rejects(h.client.request('POST', '/crm/v8/Contacts', { data: contacts(1, 900), trigger: [] }), { code: 'ZOHO_OUTCOME_UNKNOWN' });
  assert.equal(h.calls.length - before, 1, 'the insert was sent once');
  const reads = h.calls.length;
  await assert.rejects(h.client.request('GET', '/crm/v8/Contacts?fields=Email'), { code: 'ZOHO_SERVER_ERROR' });
  assert.equal(h.calls.length - reads, 10, 'an idempotent read: every attempt allowed, then the failure is returned');
});

test('an expired token: INVALID_TOKEN → one refresh → the call repeated', async () => {
  let emulatorNow = Date.UTC(2025, 0, 15, 9);
  const h = await harness({ now: () => emulatorNow });
  await h.client.upsert('Contacts', contacts(1), ['Email']);
  emulatorNow += 3_601_000; // the emulator expired the token; the client's clock still trusts it
  const [result] = await h.client.upsert('Contacts', contacts(1, 1), ['Email']);
  assert.equal(result?.status, 'success');
  assert.deepEqual(h.calls.map((c) => `${c.result.status} ${c.result.code}`), ['201 OK', '401 INVALID_TOKEN', '201 OK']);
});

test('the credit budget pauses at the reserve instead of failing (tiny budget)', async () => {
  let now = Date.UTC(2025, 0, 15, 9);
  const waits: number[] = [];
  const events: string[] = [];
  const budget = new CreditBudget({
    creditsPerDay: 40,
    reserve: 15,
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms; // time passes for both the client's budget and the emulator's window
    },
    observer: { used: (n) => events.push(`used ${n}`), paused: () => events.push('paused'), resumed: () => events.push('resumed') },
  });
  const h = await harness({ creditsPerDay: 40, now: () => now }, { budget });
  await h.client.upsert('Contacts', contacts(100), ['Email']); // 10 credits
  await h.client.upsert('Contacts', contacts(100, 100), ['Email']); // 20 used, 25 spendable
  await h.client.upsert('Contacts', contacts(100, 200), ['Email']); // would leave 10 < reserve 15: waits 24 h
  // After the 24 h wait the emulator's token has expired too: the 401 is refunded, the token refreshed, the call booked again.
  assert.deepEqual(events, ['used 10', 'used 20', 'paused', 'resumed', 'used 10', 'used 0', 'used 10']);
  assert.equal(waits.length, 1);
  assert.ok(waits[0] !== undefined && waits[0] > 23 * 3_600_000, 'waited for the first charge to leave the rolling window');
  assert.equal(h.statuses()['429'], undefined, 'Zoho never had to refuse');
  assert.equal(h.emulator.exportState().modules['Contacts']?.records.length, 300);
});

test('search (204 → []), COQL paged past 2,000 rows, get by ids, delete, notes', async () => {
  const h = await harness();
  const written = (await Promise.all(batches(contacts(2_100), 100).map((b) => h.client.upsert('Contacts', b, ['Email'])))).flat();
  const ids = written.map((r) => String(r.details['id']));
  assert.deepEqual(await h.client.searchRecords('Contacts', '(Email:equals:nobody@example.test)'), []);
  const found = await h.client.searchRecords('Contacts', '(Email:equals:p7@example.test)', ['Last_Name', 'Email']);
  assert.deepEqual(found.map((r) => r['Last_Name']), ['Patient 7']);
  const rows = await h.client.coql("select Last_Name, Email from Contacts where Email is not null");
  assert.equal(rows.length, 2_100, 'two COQL pages');
  assert.equal(new Set(rows.map((r) => r['Email'])).size, 2_100);
  assert.deepEqual(await h.client.coql("select Email from Contacts where Email = 'none@example.test' limit 5"), []);
  const got = await h.client.getRecords('Contacts', ids.slice(0, 150), ['Email']);
  assert.equal(got.length, 150);
  const notes = await h.client.createNotes([
    { parentModule: 'Contacts', parentId: ids[0] ?? '', title: 'Clinical note', content: 'S: … O: … A: … P: …' },
    { parentModule: 'Contacts', parentId: ids[1] ?? '', content: '' },
  ]);
  assert.deepEqual(notes.map((n) => n.code), ['SUCCESS', 'MANDATORY_NOT_FOUND'], 'per-item results, positional');
  const deleted = await h.client.deleteRecords('Contacts', ids.slice(0, 3));
  assert.ok(deleted.every((d) => d.status === 'success'));
  assert.equal(h.emulator.exportState().modules['Contacts']?.records.length, 2_097);
  await assert.rejects(h.client.deleteRecords('Contacts', ids.slice(0, 101)), /at most 100/);
});

test('attachments keep their file names', async () => {
  const h = await harness();
  const [contact] = await h.client.upsert('Contacts', contacts(1), ['Email']);
  const id = String(contact?.details['id']);
  const name = 'Motivation report 2024-03-01 (Müller, upper).pdf';
  const bytes = Buffer.from('%PDF-1.4 minimal test bytes');
  const attachment = await h.client.uploadAttachment('Contacts', id, name, bytes);
  assert.equal(attachment.fileName, name);
  const listed = await h.client.request('GET', `/crm/v8/Contacts/${id}/Attachments?fields=File_Name`);
  assert.deepEqual((listed.json as { data: Array<{ File_Name: string }> }).data.map((a) => a.File_Name), [name]);
  const download = await h.client.request('GET', `/crm/v8/Contacts/${id}/Attachments/${attachment.id}`, undefined, { binary: true });
  assert.deepEqual(download.bytes, bytes);
});

test('bulk write: ZIP upload → job with a Field.id lookup → poll → per-row outcomes, failures with code and field', async () => {
  const h = await harness();
  const [account] = await h.client.upsert('Accounts', [{ Account_Name: 'Smile Dental' }], ['Account_Name']);
  const accountId = String(account?.details['id']);
  const rows = [
    { Last_Name: 'Adams', Email: 'a@example.test', 'Account_Name.id': accountId },
    { Last_Name: '', Email: 'b@example.test', 'Account_Name.id': accountId },
    { Last_Name: 'Clark, "Jr"', Email: 'c@example.test', 'Account_Name.id': '' },
    { Last_Name: 'Dorn', Email: 'not-an-email', 'Account_Name.id': '' },
  ];
  const outcomes = await h.client.bulkWrite({ module: 'Contacts', operation: 'insert', rows, pollIntervalMs: 1 });
  assert.deepEqual(
    outcomes.map(({ recordId: _, ...o }) => o),
    [
      { rowIndex: 0, status: 'ADDED' },
      { rowIndex: 1, status: 'FAILED', errorCode: 'MANDATORY_NOT_FOUND', errorField: 'Last_Name' },
      { rowIndex: 2, status: 'ADDED' },
      { rowIndex: 3, status: 'FAILED', errorCode: 'INVALID_DATA', errorField: 'Email' },
    ],
  );
  const stored = h.emulator.exportState().modules['Contacts']?.records ?? [];
  const byId = new Map(stored.map((r) => [r['id'], r]));
  assert.equal((byId.get(outcomes[0]?.recordId) as { Account_Name?: { id?: string } } | undefined)?.Account_Name?.id, accountId, 'the lookup went in as Account_Name.id');
  assert.equal(byId.get(outcomes[2]?.recordId)?.['Last_Name'], 'Clark, "Jr"', 'CSV quoting survived');
  assert.equal(stored.length, 2);
  assert.ok(h.calls.some((c) => c.call.endpoint === '/crm/v8/upload') && h.calls.some((c) => c.call.endpoint === '/crm/bulk/v8/write'));

  const again = await h.client.bulkWrite({ module: 'Contacts', operation: 'upsert', findBy: 'Email', rows: [{ Last_Name: 'Adams-Baker', Email: 'a@example.test' }], pollIntervalMs: 1 });
  assert.deepEqual(again.map((o) => o.status), ['UPDATED']);
});

test('bulk write: a download_url on a host that is not Zoho\'s gets no token: ZOHO_UNTRUSTED_HOST, permanent, logged by host', async () => {
  // Another origin, standing in for a host an answer could name: it records every request it gets.
  const received: Array<string | undefined> = [];
  const stranger = createServer((req, res) => {
    received.push(req.headers.authorization);
    res.end();
  });
  await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => stranger.close(() => resolve())));
  const strangerUrl = `http://127.0.0.1:${(stranger.address() as AddressInfo).port}`;
  // The emulator builds download_url from the origin it announces: announce the stranger, call the emulator.
  const free = createServer();
  await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
  const port = (free.address() as AddressInfo).port;
  await new Promise<void>((resolve) => free.close(() => resolve()));
  const emulator = await startZohoEmulator({ host: '127.0.0.1', port, publicUrl: strangerUrl });
  running.push(emulator);
  const logged: Array<Record<string, string | number> | undefined> = [];
  const client = new ZohoClient({
    auth: new ZohoAuth({ accountsUrl: `http://127.0.0.1:${port}`, ...DEFAULT_CLIENT }),
    apiUrl: `http://127.0.0.1:${port}`,
    log: (_message, fields) => logged.push(fields),
  });

  const job = client.bulkWrite({ module: 'Contacts', operation: 'upsert', findBy: 'Email', rows: [{ Last_Name: 'Adams', Email: 'a@example.test' }], pollIntervalMs: 1 });
  await assert.rejects(job, (error: unknown) => error instanceof PermanentError && error.code === 'ZOHO_UNTRUSTED_HOST' && error.message.includes(strangerUrl.slice('http://'.length)));
  assert.deepEqual(received, [], 'the stranger got no request at all, so no token');
  assert.deepEqual(logged, [{ endpoint: '/bulk-write/result', host: strangerUrl.slice('http://'.length) }]);
  // The job itself ran (the refusal is of its result): the writer then upserts the same rows by the same key.
  assert.equal(emulator.exportState().modules['Contacts']?.records.length, 1);
});

test('the token api_domain is the address the emulator listens on, even when bound to every interface', async () => {
  const emulator = await startZohoEmulator({ host: '0.0.0.0', port: 0 });
  running.push(emulator);
  assert.match(emulator.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const client = new ZohoClient({ auth: new ZohoAuth({ accountsUrl: emulator.url, ...DEFAULT_CLIENT }) });
  assert.deepEqual(await client.searchRecords('Contacts', '(Email:equals:x@example.test)'), []);
});

test('a limiter can be shared by the clients of one OAuth app and user', () => {
  const limiter = new AdaptiveLimiter({ maxConcurrency: 10 });
  const a = new ZohoClient({ auth: new ZohoAuth({ accountsUrl: 'http://127.0.0.1:9', ...DEFAULT_CLIENT }), limiter });
  const b = new ZohoClient({ auth: new ZohoAuth({ accountsUrl: 'http://127.0.0.1:9', ...DEFAULT_CLIENT }), limiter });
  assert.equal(a.limiter, b.limiter);
});
