import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EventSerde, fromEventFields, topicNames, type SourceRecordChanged } from '@panda2zoho/events';
import { ChangeTrackingPoller, InMemoryCheckpointStore, RecordedChangeTrackingSource } from '@panda2zoho/extractor/change-tracking';
import { SourceEventPublisher } from '@panda2zoho/extractor/source-event-publisher';
import { createKafka, ensureTopics } from '@panda2zoho/kafka';
import { createLogger } from '@panda2zoho/observability';
import { ENTITIES, REFERENCE_TABLES, toCanonicalRecord, type CanonicalValue } from '@panda2zoho/panda-model';
import { DebeziumProducer, generatePractice, locationDatabase, writePracticeCsv, type PracticeSpec } from '@panda2zoho/synthetic-practice';
import { serviceProcess, type PipelineSettings } from 'panda2zoho';
import { readTopics } from './harness/read-topics.ts';
import { firstRunRecording } from './harness/recorded-practice.ts';
import { RunningProcess } from './harness/service-process.ts';
import { REPO_ROOT, testStack, uniqueName } from './harness/test-stack.ts';

// A 3-location practice with a change phase, through all three inputs: Debezium events, a CSV export
// and Change Tracking (recorded results). Every input must end with the same rows, field for field.
const spec: PracticeSpec = { locations: 3, patients: 2, seed: 20261125, changes: { updates: 6, inserts: 3, deletes: 4 } };
const tables = REFERENCE_TABLES.filter((t) => t.migrate);
const databases = Array.from({ length: spec.locations }, (_, i) => locationDatabase(i));
const stack = testStack();
const logger = createLogger({ service: 'three-inputs-test', level: 'warn' });
const kafka = createKafka({ brokers: stack.brokers, clientId: 'three-inputs-test' }, logger);
const serde = new EventSerde(stack.registryUrl);

type Final = Map<string, string>;
const show = (fields: Record<string, CanonicalValue>) =>
  JSON.stringify(Object.fromEntries(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, Buffer.isBuffer(v) ? `0x${v.toString('hex')}` : v])));

/** The generator's own final state (snapshot, then the change phase in order), through the model's canonical rules. */
function expectedFinal(): { final: Final; events: number; changeOps: Map<string, string[]> } {
  const final: Final = new Map();
  const changeOps = new Map<string, string[]>();
  let events = 0;
  for (const row of generatePractice(spec)) {
    if (!row.table.migrate) continue;
    events++;
    const image = (row.after ?? row.before)!;
    const result = toCanonicalRecord(row.table, (column) => image[row.table.columns.find((c) => c.column === column)!.field] ?? null, (_t, v) => v as CanonicalValue);
    assert.equal(result.kind, 'ok');
    if (result.kind !== 'ok') continue;
    const key = `${row.database}:${row.table.entity}:${result.record.sourceKey}`;
    if (row.op === 'd') final.delete(key);
    else final.set(key, show(result.record.fields));
    if (row.op !== 'r') changeOps.set(key, [...(changeOps.get(key) ?? []), row.op === 'd' ? 'DELETE' : 'UPSERT']);
  }
  return { final, events, changeOps };
}

async function canonicalEvents(namespace: string, expected: number): Promise<Array<{ key: string; event: SourceRecordChanged }>> {
  const topics = ENTITIES.map((e) => topicNames(namespace).sourceChanged(e));
  // The extractor creates these at start; creating them here too (idempotent) lets the reader subscribe first.
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics.map((topic) => ({ topic })));
  await admin.disconnect();
  const records = await readTopics(kafka, topics, expected);
  // Rows the normalizer assembles (sites, teeth, procedures) are keyed by their exam/plan: identify rows by the event's own key.
  return Promise.all(
    records.map(async (r) => {
      const event = await serde.decode('SourceRecordChanged', r.value!);
      return { key: `${event.source.locationId}:${event.entity}:${event.source.sourceKey}`, event };
    }),
  );
}

function fold(events: Array<{ key: string; event: SourceRecordChanged }>): Final {
  const final: Final = new Map();
  for (const { key, event } of events) {
    if (event.operation === 'DELETE') final.delete(key);
    else final.set(key, show(fromEventFields(event.fields!)));
  }
  return final;
}

function extractor(namespace: string, env: Record<string, string>): RunningProcess {
  const settings: PipelineSettings = {
    brokers: stack.brokers, registryUrl: stack.registryUrl, namespace, debeziumPrefix: 'unused', databases,
    zoho: { accountsUrl: 'http://127.0.0.1:1', clientId: 'x', clientSecret: 'x', refreshToken: 'x' }, dedupeSecret: 'unused-secret-1234', httpPorts: {}, logLevel: 'warn',
  };
  const spec = serviceProcess(REPO_ROOT, 'extractor', settings);
  return new RunningProcess({ ...spec, env: { ...spec.env, ...env } });
}

describe('source capture: Debezium, CSV and Change Tracking agree', { timeout: 600_000 }, () => {
  const namespaces = { debezium: uniqueName('itdz'), csv: uniqueName('itcsv'), ct: uniqueName('itct') };
  const prefix = uniqueName('pdx');
  const csvDir = mkdtempSync(path.join(tmpdir(), 'p2z-csv-'));
  const processes: RunningProcess[] = [];
  const expected = expectedFinal();
  const results: Record<keyof typeof namespaces, Array<{ key: string; event: SourceRecordChanged }>> = { debezium: [], csv: [], ct: [] };

  before(async () => {
    // Debezium: the generated practice as the connector would emit it (snapshot r, then c/u/d with tombstones).
    const debezium = new DebeziumProducer(kafka, serde, prefix);
    await debezium.start(databases, tables);
    await debezium.publish([...generatePractice(spec)].filter((r) => r.table.migrate));
    await debezium.stop();
    processes.push(extractor(namespaces.debezium, { DEBEZIUM_TOPIC_PREFIX: prefix, EXTRACTOR_INPUT: 'debezium' }));

    // CSV: the practice's export (final state) read by the extractor in csv mode.
    writePracticeCsv(spec, csvDir);
    processes.push(extractor(namespaces.csv, { EXTRACTOR_INPUT: 'csv', CSV_EXPORT_DIR: csvDir }));

    // Change Tracking: a first run (full reload) of each database, replayed from recorded driver results.
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, ENTITIES.map((e) => ({ topic: topicNames(namespaces.ct).sourceChanged(e) })));
    await admin.disconnect();
    const publisher = new SourceEventPublisher(kafka, serde, topicNames(namespaces.ct), 'extractor');
    await publisher.start();
    for (const database of databases) {
      const rowsByTable = new Map<string, Array<Record<string, CanonicalValue>>>();
      for (const [key, fields] of expected.final) {
        if (!key.startsWith(`${database}:`)) continue;
        const entity = key.split(':')[1]!;
        const table = tables.find((t) => t.entity === entity)!;
        rowsByTable.set(table.table, [...(rowsByTable.get(table.table) ?? []), storedFromShown(fields, table)]);
      }
      const poller = new ChangeTrackingPoller({ source: new RecordedChangeTrackingSource(firstRunRecording(tables, rowsByTable)), checkpoints: new InMemoryCheckpointStore(), locationId: database, tables });
      for await (const batch of poller.poll()) {
        const counts = await publisher.publish(batch.items, `change-tracking:${database}`);
        assert.equal(counts.problems, 0, `unreadable rows in ${batch.table}`);
        await batch.commit();
      }
    }
    await publisher.stop();

    results.debezium = await canonicalEvents(namespaces.debezium, expected.events);
    results.csv = await canonicalEvents(namespaces.csv, expected.final.size);
    results.ct = await canonicalEvents(namespaces.ct, expected.final.size);
  });

  after(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    rmSync(csvDir, { recursive: true, force: true });
    const admin = kafka.admin();
    await admin.connect();
    const mine = (await admin.listTopics()).filter((t) => Object.values(namespaces).some((ns) => t.startsWith(`${ns}.`)) || t.startsWith(`${prefix}.`));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine });
    await admin.disconnect();
  });

  test('every input yields canonical events for every row of every migrated table', () => {
    assert.equal(results.debezium.length, expected.events, 'one event per Debezium change (tombstones skipped)');
    assert.equal(results.csv.length, expected.final.size);
    assert.equal(results.ct.length, expected.final.size);
    assert.deepEqual(new Set(results.csv.map((r) => r.event.entity)), new Set(tables.map((t) => t.entity)));
  });

  test('the three inputs end with identical rows (keys and payloads), equal to what the generator stored', () => {
    const final = { debezium: fold(results.debezium), csv: fold(results.csv), ct: fold(results.ct) };
    for (const [input, rows] of Object.entries(final)) {
      assert.equal(rows.size, expected.final.size, `${input}: row count`);
      for (const [key, fields] of expected.final) assert.equal(rows.get(key), fields, `${input}: ${key}`);
    }
  });

  test('updates, inserts and deletes after the snapshot arrive as canonical events in source order', () => {
    assert.ok(expected.changeOps.size >= 10, 'the change phase touched rows');
    for (const [key, ops] of expected.changeOps) {
      const seen = results.debezium.filter((r) => r.key === key).map((r) => r.event.operation);
      // The snapshot read comes first (unless the row was inserted after it), then the changes in order.
      assert.deepEqual(seen.slice(seen.length - ops.length), ops, key);
      const positions = results.debezium.filter((r) => r.key === key).map((r) => r.event.source.sourcePosition);
      assert.deepEqual(positions.slice(1).filter((p) => !p.startsWith('snapshot')), [...positions.slice(1).filter((p) => !p.startsWith('snapshot'))].sort(), `${key} positions increase`);
    }
  });
});

/** Back from the shown (JSON) form to stored canonical values: binary columns were shown as 0x-hex. */
function storedFromShown(shown: string, table: (typeof tables)[number]): Record<string, CanonicalValue> {
  const parsed = JSON.parse(shown) as Record<string, null | boolean | number | string>;
  const binary = new Set(table.columns.filter((c) => c.type.kind === 'varbinary').map((c) => c.field));
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, binary.has(k) && typeof v === 'string' ? Buffer.from(v.slice(2), 'hex') : v]));
}
