import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import avro from 'avsc';
import { PermanentError } from '@panda2zoho/kafka';
import { registryUrl, stackConfigFromEnv } from '@panda2zoho/local-stack';
import { EventSerde } from './serde.ts';

// Against the real Apicurio registry, through its Confluent-compatible API only.
const url = process.env['P2Z_TEST_REGISTRY_URL'] ?? registryUrl(stackConfigFromEnv(fileURLToPath(new URL('../../../', import.meta.url))));
const unique = () => `serde${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function deleteSubject(subject: string): Promise<void> {
  await fetch(`${url}/subjects/${subject}`, { method: 'DELETE' }).catch(() => undefined);
  await fetch(`${url}/subjects/${subject}?permanent=true`, { method: 'DELETE' }).catch(() => undefined);
}

test('an event round-trips through the registry', async () => {
  const serde = new EventSerde(url);
  const topic = `${unique()}.source.perio_site.v1`;
  try {
    const event = {
      eventId: 'e1',
      entity: 'perio_site',
      source: { sourceSystem: 'CSV_EXPORT' as const, locationId: 'LOC01', sourceTable: 'Patients', sourceKey: '7', sourcePosition: 'f.csv:2', sourceCommittedAtMs: null },
      operation: 'UPSERT' as const,
      extractedAtMs: 1_700_000_000_000,
      fields: { examId: 77, tooth: '3', site: 'MB', probingDepthMm: 4, bleeding: 'Y', plaque: null, present: true, pdf: { data: Buffer.from('%PDF') } },
    };
    const bytes = await serde.encode(topic, 'SourceRecordChanged', event);
    assert.equal(bytes[0], 0, 'Confluent wire format: magic byte');
    const decoded = await serde.decode('SourceRecordChanged', bytes);
    const pdf = decoded.fields?.['pdf'];
    assert.ok(pdf !== null && typeof pdf === 'object' && Buffer.isBuffer(pdf.data), 'bytes stay bytes');
    assert.deepEqual(JSON.parse(JSON.stringify(decoded)), JSON.parse(JSON.stringify(event)));
  } finally {
    await deleteSubject(`${topic}-value`);
  }
});

test('BACKWARD evolution: old records decode with the new reader; an incompatible change is refused by the registry', async () => {
  const serde = new EventSerde(url);
  const topic = unique();
  const v1 = { type: 'record', name: 'Probe', namespace: 'dev.panda2zoho.test', fields: [{ name: 'a', type: 'string' }] };
  const v2 = { ...v1, fields: [...v1.fields, { name: 'b', type: ['null', 'string'], default: null }] };
  const broken = { ...v1, fields: [...v1.fields, { name: 'c', type: 'int' }] };
  try {
    const id1 = await serde.registerSchema(topic, v1);
    const old = serde.encodeWith(id1, avro.Type.forSchema(v1 as avro.Schema), { a: 'x' });
    const id2 = await serde.registerSchema(topic, v2);
    assert.notEqual(id1, id2);
    // decodeAny reads with the writer's schema, fetched by id from the registry.
    assert.deepEqual({ ...((await serde.decodeAny(old)) as object) }, { a: 'x' });
    await assert.rejects(serde.registerSchema(topic, broken), (error: unknown) => error instanceof PermanentError || /incompatib/i.test(String(error)));
  } finally {
    await deleteSubject(`${topic}-value`);
  }
});

test('unreadable records are permanent errors with codes, never crashes', async () => {
  const serde = new EventSerde(url);
  await assert.rejects(serde.decodeAny(Buffer.from('nope')), (e: unknown) => e instanceof PermanentError && e.code === 'UNDECODABLE');
  await assert.rejects(serde.decodeAny(Buffer.from([1, 0, 0, 0, 1, 2])), (e: unknown) => e instanceof PermanentError && e.code === 'UNDECODABLE');
  const unknownId = Buffer.from([0, 0x7f, 0xff, 0xff, 0x00, 0x02]);
  await assert.rejects(serde.decodeAny(unknownId), (e: unknown) => e instanceof PermanentError && e.code === 'UNKNOWN_SCHEMA');
  // A known id whose body is truncated.
  const topic = unique();
  try {
    const id = await serde.register(topic, 'ReconciliationReported');
    const truncated = serde.encodeWith(id, serde.readerType('ReconciliationReported'), { reportId: 'r', generatedAtMs: 1, entities: [] }).subarray(0, 7);
    await assert.rejects(serde.decode('ReconciliationReported', truncated), (e: unknown) => e instanceof PermanentError && e.code === 'UNDECODABLE');
  } finally {
    await deleteSubject(`${topic}-value`);
  }
});
