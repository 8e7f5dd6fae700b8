import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { EventSerde } from '@panda2zoho/events';
import { REFERENCE_TABLES } from '@panda2zoho/panda-model';
import { DebeziumEncoder } from './debezium-encoder.ts';
import { generatePractice } from './generate-practice.ts';

// Honest check that nothing accumulates: 300,000 rows generated and Avro-encoded, memory measured while
// the generator is still running, heap after a full GC. Streaming grows RSS by ~2 MB; holding the rows
// (measured once, by keeping them in an array) grows RSS by ~53 MB and the retained heap by ~44 MB, so
// the bounds below fail on an accumulating generator, not only on a gross one.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

test('generating and encoding 300,000 rows keeps memory flat', async () => {
  const serde = new EventSerde('http://127.0.0.1:9');
  let id = 0;
  const encoder = new DebeziumEncoder({ registerSubject: async () => ++id, encodeWith: serde.encodeWith.bind(serde) }, 'panda', () => 0);
  for (const db of ['PANDA_LOC01', 'PANDA_LOC02']) for (const t of REFERENCE_TABLES) await encoder.prepare(db, t);
  const rows = generatePractice({ locations: 2, patients: 2_000, seed: 4 });
  let n = 0;
  let bytes = 0;
  let baseline = { rss: 0, heap: 0 };
  let peakRss = 0;
  for (const row of rows) {
    for (const record of encoder.encode(row)) bytes += record.value?.length ?? 0;
    n++;
    if (n === 20_000) {
      gc();
      baseline = { rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed };
    }
    if (n % 10_000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (n === 300_000) break;
  }
  gc();
  const retained = process.memoryUsage().heapUsed - baseline.heap;
  assert.equal(n, 300_000);
  assert.ok(bytes > 10_000_000, 'rows were really encoded');
  assert.ok(peakRss - baseline.rss < 40 * 1024 * 1024, `RSS grew ${((peakRss - baseline.rss) / 1048576).toFixed(1)} MB`);
  assert.ok(retained < 10 * 1024 * 1024, `heap retained ${(retained / 1048576).toFixed(1)} MB after 280,000 more rows`);
});
