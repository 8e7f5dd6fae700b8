import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { EventSerde } from '@panda2zoho/events';
import { kafkaBrokers, registryUrl, stackConfigFromEnv } from '@panda2zoho/local-stack';
import { REFERENCE_TABLES, fromDebezium, tableByName, toCanonicalRecord, type CanonicalValue, type EntityName } from '@panda2zoho/panda-model';
import { sourceKeyOf } from './change-phase.ts';
import { DebeziumProducer } from './debezium-producer.ts';
import { avroName } from './debezium-schema.ts';
import { generatePractice } from './generate-practice.ts';
import type { PracticeSpec } from './practice-spec.ts';

// Against the real Kafka and Apicurio registry (the local stack, or P2Z_TEST_* overrides): generated
// practice → Debezium records → consumed and decoded through the registry → the same canonical values.
const cfg = stackConfigFromEnv(fileURLToPath(new URL('../../../', import.meta.url)));
const brokers = process.env['P2Z_TEST_KAFKA_BROKERS']?.split(',') ?? kafkaBrokers(cfg);
const registry = process.env['P2Z_TEST_REGISTRY_URL'] ?? registryUrl(cfg);
const prefix = `gen${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const kafka = new Kafka({ brokers, clientId: `test-${prefix}`, logLevel: logLevel.NOTHING });

const ENTITIES: EntityName[] = ['patient', 'perio_exam', 'motivation_report', 'treatment_plan', 'treatment_procedure', 'clinical_note', 'clinical_flag'];
const SPEC: PracticeSpec = { locations: 1, patients: 2, seed: 3, entities: ENTITIES, changes: { updates: 6, inserts: 4, deletes: 3 } };
const tables = REFERENCE_TABLES.filter((t) => ENTITIES.includes(t.entity));

after(async () => {
  const admin = kafka.admin();
  await admin.connect();
  const mine = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
  if (mine.length > 0) await admin.deleteTopics({ topics: mine });
  await admin.deleteGroups([`${prefix}-reader`]).catch(() => undefined);
  await admin.disconnect();
  const subjects = (await (await fetch(`${registry}/subjects`)).json()) as string[];
  for (const subject of subjects.filter((s) => s.startsWith(`${prefix}.`))) {
    await fetch(`${registry}/subjects/${encodeURIComponent(subject)}`, { method: 'DELETE' });
    await fetch(`${registry}/subjects/${encodeURIComponent(subject)}?permanent=true`, { method: 'DELETE' });
  }
});

test('a generated practice round-trips through Kafka and the registry: same values, tombstones after deletes', { timeout: 120_000 }, async () => {
  const serde = new EventSerde(registry);
  const producer = new DebeziumProducer(kafka, serde, prefix, REFERENCE_TABLES);
  await producer.start(['PANDA_LOC01'], tables);
  const rows = [...generatePractice(SPEC)];
  assert.equal(await producer.publish(rows, 50), rows.length);
  await producer.stop();

  // Expected per topic and key, in source order (one key stays on one partition, so in order).
  const expected = new Map<string, Array<{ op: string; fields: Record<string, CanonicalValue> | null }>>();
  for (const r of rows) {
    const id = `${prefix}.PANDA_LOC01.dbo.${r.table.table}|${sourceKeyOf(r.table, (r.after ?? r.before)!)}`;
    const image = r.after ?? r.before!;
    const fields = Object.fromEntries(r.table.columns.filter((c) => !c.excluded).map((c) => [c.field, image[c.field] ?? null]));
    expected.set(id, [...(expected.get(id) ?? []), { op: r.op, fields }, ...(r.op === 'd' ? [{ op: 'tombstone', fields: null }] : [])]);
  }
  const total = [...expected.values()].reduce((n, list) => n + list.length, 0);

  const received = new Map<string, Array<{ op: string; fields: Record<string, CanonicalValue> | null }>>();
  let count = 0;
  const consumer = kafka.consumer({ groupId: `${prefix}-reader` });
  await consumer.connect();
  await consumer.subscribe({ topics: tables.map((t) => producer.encoder.topicOf('PANDA_LOC01', t)), fromBeginning: true });
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`received ${count} of ${total} records`)), 90_000);
    void consumer.run({
      eachMessage: async ({ topic, message }) => {
        const table = tableByName(tables, topic.split('.').at(-1)!)!;
        const key = (await serde.decodeAny(message.key!)) as Record<string, unknown>;
        const sourceKey = table.primaryKey.map((k) => String(key[avroName(k)])).join('|');
        let entry: { op: string; fields: Record<string, CanonicalValue> | null } = { op: 'tombstone', fields: null };
        if (message.value) {
          const envelope = (await serde.decodeAny(message.value)) as Record<string, unknown>;
          const image = (envelope['after'] ?? envelope['before']) as Record<string, unknown>;
          const result = toCanonicalRecord(table, (c) => image[avroName(c)], fromDebezium);
          assert.ok(result.kind === 'ok' && result.record.sourceKey === sourceKey, 'key and value agree');
          entry = { op: String(envelope['op']), fields: result.kind === 'ok' ? result.record.fields : null };
        }
        const id = `${topic}|${sourceKey}`;
        received.set(id, [...(received.get(id) ?? []), entry]);
        if (++count === total) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  try {
    await done;
  } finally {
    await consumer.disconnect();
  }
  assert.deepEqual(new Set(received.keys()), new Set(expected.keys()));
  for (const [id, list] of expected) assert.deepEqual(received.get(id), list, id);

  const subjects = (await (await fetch(`${registry}/subjects`)).json()) as string[];
  for (const t of tables) {
    const topic = producer.encoder.topicOf('PANDA_LOC01', t);
    assert.ok(subjects.includes(`${topic}-key`) && subjects.includes(`${topic}-value`), `${topic} subjects registered`);
  }
});
