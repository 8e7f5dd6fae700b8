import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { readReconcilerStatus } from '../adapters/reconciler-status.ts';
import type { ReconcilerStatus } from '../domain/reconciler-status.ts';
import { progressPage } from './console-pages.ts';

const status: ReconcilerStatus = {
  generatedAtMs: Date.UTC(2026, 10, 26, 5, 0, 0),
  entities: [
    {
      entity: 'patient',
      module: 'Contacts',
      extracted: 30,
      normalized: 29,
      resolved: 27,
      written: 25,
      failed: 2,
      lag: 4,
      locations: [
        { locationId: 'PANDA_Loc1', extracted: 20, normalized: 19, resolved: 18, written: 17, failed: 1 },
        { locationId: '<script>alert(1)</script>', extracted: 10, normalized: 10, resolved: 9, written: 8, failed: 0 },
      ],
    },
    { entity: 'appointment', module: 'Events', extracted: 5, normalized: 5, resolved: 5, written: 5, failed: 0, lag: 0 },
  ],
  lag: [
    { stage: 'normalizer', groupId: 'p2z.normalizer', topic: 'p2z.source.patient.v1', entity: 'patient', lag: 3 },
    { stage: 'zoho-writer', groupId: 'p2z.zoho-writer', topic: 'p2z.resolved.patient.v1', entity: 'patient', lag: 1 },
    { stage: 'normalizer', groupId: 'p2z.normalizer', topic: 'p2z.source.provider.v1', entity: null, lag: 7 },
  ],
};

const rowsOf = (page: string, id: string) => [...(page.split(`id="${id}"`)[1]?.split('</table>')[0] ?? '').matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].map((m) => [...m[1]!.matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/gs)].map((c) => c[1]!.replace(/<[^>]+>/g, '')));

test('progress per entity and per location, with the lag per stage, every value escaped', () => {
  const page = progressPage([], null, { ok: true, url: 'http://reconciler:8080', status }).text;
  assert.deepEqual(rowsOf(page, 'locations'), [
    ['entity', 'location', 'extracted', 'normalized', 'resolved', 'written', 'failed', 'lag'],
    ['patient', 'all', '30', '29', '27', '25', '2', '4'],
    ['patient', 'PANDA_Loc1', '20', '19', '18', '17', '1', '—'],
    ['patient', '&lt;script&gt;alert(1)&lt;/script&gt;', '10', '10', '9', '8', '0', '—'],
    ['appointment', 'all', '5', '5', '5', '5', '0', '0'],
  ]);
  assert.deepEqual(rowsOf(page, 'stage-lag'), [
    ['entity', 'normalizer', 'zoho-writer'],
    ['patient', '3', '1'],
    ['—', '7', '0'],
  ]);
  assert.ok(!page.includes('<script>'), 'a location id is escaped');
  assert.match(page, /2026-11-26 05:00:00 UTC/);
});

test('an unreachable reconciler is said on the page, the services\' metrics still shown', async () => {
  // A port nothing listens on: the read reports the failure instead of throwing.
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const read = await readReconcilerStatus(`http://127.0.0.1:${port}/`);
  assert.equal(read.ok, false);
  const page = progressPage(['http://normalizer:8080'], { progress: { entities: [{ service: 'normalizer', entity: 'patient', in: 5, ok: 5, skipped: 0, deadLettered: 0 }], lag: [] }, unreachable: [] }, read).text;
  assert.match(page, /id="reconciler-unreachable"/);
  assert.match(page, new RegExp(`The reconciler at <code>http://127\\.0\\.0\\.1:${port}</code> does not answer`));
  assert.ok(!page.includes('id="locations"'));
  assert.deepEqual(rowsOf(page, 'progress')[1], ['normalizer', 'patient', '5', '5', '0', '0']);
  // An error text with markup is escaped too.
  const escaped = progressPage([], null, { ok: false, url: 'http://r', error: '<b>x</b>' }).text;
  assert.match(escaped, /\(&lt;b&gt;x&lt;\/b&gt;\)/);
});

test('the reconciler\'s /status is read over HTTP; a non-status answer is refused', async () => {
  let body: unknown = status;
  const server = createServer((req, res) => {
    if (req.url !== '/status') return void res.writeHead(404).end();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const read = await readReconcilerStatus(url);
    assert.ok(read.ok);
    assert.deepEqual(read.status, status);
    body = { nope: true };
    assert.deepEqual(await readReconcilerStatus(url), { ok: false, url, error: 'not a status answer' });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('without a reconciler URL the page says how to set it', () => {
  assert.match(progressPage([], null, null).text, /P2Z_CONTROL_RECONCILER_URL/);
});
