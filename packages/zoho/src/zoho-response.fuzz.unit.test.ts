// Hostile and malformed Zoho answers (random JSON of every shape, wrong shapes of the right members,
// huge strings, broken JSON, binary garbage, corrupt ZIPs) through the real client over HTTP: every
// call either returns values in the documented shape or rejects with a typed error (PermanentError /
// TransientError with a code); never a TypeError, never an unhandled rejection, and no error ever
// carries the access token, the refresh token or the client secret — even when the server echoes them.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { PermanentError, TransientError } from '@panda2zoho/kafka';
import { ZohoAuth } from './zoho-auth.ts';
import { outcomesFromResult } from './zoho-bulk-write.ts';
import { ZohoClient, type ZohoItemResult } from './zoho-client.ts';
import { writeZip } from './zip-file.ts';

const ACCESS_TOKEN = '1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210';
const CREDENTIALS = { clientId: '1000.FUZZCLIENTID', clientSecret: 'fuzz-client-secret-5f2b9c', refreshToken: '1000.fuzzrefresh.token9d1e' };
const SECRETS = [ACCESS_TOKEN, CREDENTIALS.clientSecret, CREDENTIALS.refreshToken];

/** Deterministic (mulberry32): a failure names its seed and replays. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

function hostileString(rng: Rng): string {
  return pick(rng, [
    () => '',
    () => 'SUCCESS',
    () => 'DUPLICATE_DATA',
    () => pick(rng, SECRETS),
    () => `token ${pick(rng, SECRETS)} here`,
    () => 'x'.repeat(1 + Math.floor(rng() * 2_000_000)),
    () => '\u0000\uFFFD\uD800 "\\',
    () => '__proto__',
    () => 'http://evil.example/steal',
    () => String(rng()),
  ])();
}

function hostileValue(rng: Rng, depth: number): unknown {
  const kinds = depth > 3 ? 5 : 8;
  switch (Math.floor(rng() * kinds)) {
    case 0: return null;
    case 1: return rng() < 0.5;
    case 2: return pick(rng, [0, -1, 1e308, Number.MAX_SAFE_INTEGER, 3.5]);
    case 3: return hostileString(rng);
    case 4: return {};
    case 5: return Array.from({ length: Math.floor(rng() * 4) }, () => hostileValue(rng, depth + 1));
    case 6: return hostileObject(rng, depth + 1);
    default: return [hostileObject(rng, depth + 1)];
  }
}

const KEYS = ['data', 'info', 'more_records', 'next_page_token', 'fields', 'api_name', 'data_type', 'code', 'status', 'message', 'details', 'id', 'action', 'org', 'zgid', 'access_token', 'expires_in', 'api_domain', 'error', '__proto__', 'constructor'];

function hostileObject(rng: Rng, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = Math.floor(rng() * 5); i > 0; i--) Object.defineProperty(out, pick(rng, KEYS), { value: hostileValue(rng, depth), enumerable: true, configurable: true, writable: true });
  return out;
}

/** Right member names, wrong contents: where parsers usually trust too much. */
function plausibleBody(rng: Rng): unknown {
  const item = () => ({ code: hostileValue(rng, 2), status: pick(rng, ['success', 'error', 'SUCCESS', null, 7]), message: hostileValue(rng, 2), details: hostileValue(rng, 2) });
  return pick(rng, [
    () => ({ data: hostileValue(rng, 1) }),
    () => ({ data: [item()] }),
    () => ({ data: [hostileValue(rng, 1), item()] }),
    () => ({ data: [{ id: '1', Last_Name: 'x' }], info: { more_records: true, next_page_token: pick(rng, ['t', null, 5]) } }),
    () => ({ data: [], info: { more_records: true } }),
    () => ({ fields: hostileValue(rng, 1) }),
    () => ({ fields: [{ api_name: 'A', data_type: 'text' }, hostileValue(rng, 2)] }),
    () => ({ code: pick(rng, ['INVALID_TOKEN', 'INTERNAL_ERROR', hostileString(rng)]), message: hostileString(rng), details: {} }),
    () => hostileValue(rng, 0),
  ])();
}

interface Answer {
  status: number;
  body: string | Buffer;
  contentType?: string;
}

function hostileAnswer(rng: Rng): Answer {
  // No 429: the limiter's real backoff would only make the test slow; its handling has its own tests.
  const status = pick(rng, [200, 200, 200, 201, 202, 204, 207, 400, 401, 403, 404, 500, 502]);
  const body = pick(rng, [
    () => JSON.stringify(plausibleBody(rng)),
    () => JSON.stringify(hostileValue(rng, 0)),
    () => JSON.stringify(plausibleBody(rng)).slice(0, Math.floor(rng() * 40)),
    () => Buffer.from(Array.from({ length: Math.floor(rng() * 512) }, () => Math.floor(rng() * 256))),
    () => '',
    () => `{"message":"${pick(rng, SECRETS)}","code":"${pick(rng, SECRETS)}"}`,
  ])();
  return { status, body, contentType: pick(rng, ['application/json', 'text/html', 'application/octet-stream']) };
}

let server: Server;
let url = '';
let nextApiAnswer: (req: IncomingMessage) => Answer = () => ({ status: 204, body: '' });
let nextTokenAnswer: () => Answer = () => ({ status: 200, body: JSON.stringify({ access_token: ACCESS_TOKEN, expires_in: 3600 }) });

before(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const answer = req.url?.startsWith('/oauth/v2/token') ? nextTokenAnswer() : nextApiAnswer(req);
      res.writeHead(answer.status, answer.contentType ? { 'Content-Type': answer.contentType } : {});
      res.end(answer.status === 204 ? undefined : answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);
after(() => {
  process.off('unhandledRejection', onUnhandled);
});

function client(): ZohoClient {
  return new ZohoClient({ auth: new ZohoAuth({ accountsUrl: url, ...CREDENTIALS }), apiUrl: url, retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 2 }, timeoutMs: 10_000 });
}

/** A rejection must be typed, coded, short, and free of every secret (message, stack and cause chain). */
function assertTypedError(error: unknown, where: string): void {
  assert.ok(error instanceof PermanentError || error instanceof TransientError, `${where}: untyped ${(error as Error)?.constructor?.name}: ${String((error as Error)?.message).slice(0, 200)}`);
  assert.match(error.code, /^[A-Z][A-Z0-9_]{0,80}$/, where);
  assert.ok(error.message.length < 600, `${where}: an error message of ${error.message.length} characters`);
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    for (const secret of SECRETS) assert.ok(!`${e.message}\n${e.stack ?? ''}`.includes(secret), `${where}: an error echoes a secret`);
  }
}

const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

function assertItems(items: ZohoItemResult[], where: string): void {
  for (const item of items) {
    assert.ok(isObject(item), where);
    assert.match(item.code, /^[A-Z][A-Z0-9_]{0,63}$/, `${where}: item code`);
    assert.ok(item.status === 'success' || item.status === 'error', `${where}: item status`);
    assert.equal(typeof item.message, 'string', where);
    assert.ok(isObject(item.details), `${where}: details`);
    for (const secret of SECRETS) assert.ok(!item.code.includes(secret), `${where}: a code echoes a secret`);
  }
}

function assertRecords(records: unknown[], where: string): void {
  assert.ok(Array.isArray(records), where);
  for (const r of records) assert.ok(isObject(r), `${where}: a record that is not an object`);
}

type Call = { name: string; run: (c: ZohoClient) => Promise<void> };
const CALLS: Call[] = [
  { name: 'upsert', run: async (c) => assertItems(await c.upsert('Contacts', [{ Last_Name: 'A' }], ['PANDA_Patient_Key']), 'upsert') },
  { name: 'deleteRecords', run: async (c) => assertItems(await c.deleteRecords('Contacts', ['1', '2']), 'deleteRecords') },
  { name: 'createNotes', run: async (c) => assertItems(await c.createNotes([{ parentModule: 'Contacts', parentId: '1', content: 'x' }]), 'createNotes') },
  { name: 'createFields', run: async (c) => assertItems(await c.createFields('Contacts', [{ api_name: 'X' }]), 'createFields') },
  {
    name: 'fields',
    run: async (c) => {
      for (const f of await c.fields('Contacts')) assert.ok(typeof f.api_name === 'string' && typeof f.data_type === 'string', 'fields');
    },
  },
  { name: 'searchRecords', run: async (c) => assertRecords(await c.searchRecords('Contacts', '(Email:equals:a@b.c)'), 'searchRecords') },
  { name: 'coql', run: async (c) => assertRecords(await c.coql('select id from Contacts where id is not null limit 5'), 'coql') },
  { name: 'getRecords', run: async (c) => assertRecords(await c.getRecords('Contacts', ['1'], ['id']), 'getRecords') },
  {
    name: 'listRecords',
    run: async (c) => {
      const rows: unknown[] = [];
      for await (const r of c.listRecords('Contacts', ['id'])) rows.push(r);
      assertRecords(rows, 'listRecords');
    },
  },
  {
    name: 'uploadAttachment',
    run: async (c) => {
      const a = await c.uploadAttachment('Contacts', '1', 'report.pdf', Buffer.from('%PDF'));
      assert.equal(typeof a.id, 'string', 'uploadAttachment');
    },
  },
];

test('fuzz: 600 hostile API answers across every record call → documented shapes or typed errors, never a secret', { timeout: 240_000 }, async () => {
  for (let seed = 1; seed <= 600; seed++) {
    const rng = random(seed);
    const call = CALLS[seed % CALLS.length]!;
    // Paged calls ask again: every request gets its own hostile answer from the same seed's stream.
    nextApiAnswer = () => hostileAnswer(rng);
    nextTokenAnswer = () => ({ status: 200, body: JSON.stringify({ access_token: ACCESS_TOKEN, expires_in: 3600 }) });
    try {
      await call.run(client());
    } catch (error) {
      if (error instanceof assert.AssertionError) throw new Error(`seed ${seed} (${call.name}): ${error.message}`);
      assertTypedError(error, `seed ${seed} (${call.name})`);
    }
  }
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(unhandled, [], 'no unhandled rejection');
});

test('fuzz: 300 hostile token-refresh answers → a token, or a typed error that repeats no credential', { timeout: 120_000 }, async () => {
  for (let seed = 1; seed <= 300; seed++) {
    const rng = random(10_000 + seed);
    nextTokenAnswer = () => {
      const answer = hostileAnswer(rng);
      if (rng() < 0.3) return { status: pick(rng, [200, 400]), body: JSON.stringify({ ...hostileObject(rng, 1), error: pick(rng, [...SECRETS, 'invalid_client', 'Access Denied', hostileString(rng)]) }) };
      if (rng() < 0.2) return { status: 200, body: JSON.stringify({ access_token: hostileValue(rng, 1), api_domain: hostileValue(rng, 1), expires_in: hostileValue(rng, 1) }) };
      return answer;
    };
    const auth = new ZohoAuth({ accountsUrl: url, ...CREDENTIALS });
    try {
      const token = await auth.token();
      assert.equal(typeof token.token, 'string', `seed ${seed}`);
      assert.ok(token.token.length > 0 && token.token.length <= 2048, `seed ${seed}: token length`);
      assert.ok(Number.isFinite(token.expiresAtMs), `seed ${seed}: expiry`);
      assert.match(token.apiDomain, /^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$/, `seed ${seed}: api domain`);
    } catch (error) {
      if (error instanceof assert.AssertionError) throw error;
      assertTypedError(error, `token seed ${seed}`);
    }
  }
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(unhandled, [], 'no unhandled rejection');
});

test('fuzz: Bulk Write result archives — garbage, truncated and corrupted ZIPs, hostile CSV → outcomes for every row or a typed error', () => {
  const good = writeZip([{ name: 'Contacts.csv', data: Buffer.from('STATUS,RECORD_ID,ERRORS\r\nadded,1,\r\n,,"MANDATORY_NOT_FOUND-Last_Name"\r\n') }]);
  for (let seed = 1; seed <= 500; seed++) {
    const rng = random(20_000 + seed);
    const bytes = pick(rng, [
      () => Buffer.from(Array.from({ length: Math.floor(rng() * 300) }, () => Math.floor(rng() * 256))),
      () => good.subarray(0, Math.floor(rng() * good.length)),
      () => {
        const copy = Buffer.from(good);
        for (let i = 0; i < 1 + Math.floor(rng() * 8); i++) copy[Math.floor(rng() * copy.length)] = Math.floor(rng() * 256);
        return copy;
      },
      () => writeZip([{ name: pick(rng, ['r.csv', 'r.txt', '']), data: Buffer.from(String(hostileString(rng)).slice(0, 100_000)) }]),
      () => writeZip([{ name: 'r.csv', data: Buffer.from(`STATUS,RECORD_ID\r\n${hostileString(rng).slice(0, 10_000)}`) }]),
    ])();
    const rows = 1 + Math.floor(rng() * 5);
    try {
      const outcomes = outcomesFromResult(bytes, rows, 0);
      assert.equal(outcomes.length, rows, `seed ${seed}: every row gets an outcome`);
      for (const o of outcomes) assert.ok(['ADDED', 'UPDATED', 'SKIPPED', 'FAILED'].includes(o.status), `seed ${seed}`);
    } catch (error) {
      if (error instanceof assert.AssertionError) throw error;
      assertTypedError(error, `zip seed ${seed}`);
    }
  }
});
