import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { EventSerde, topicNames } from '@panda2zoho/events';
import { DEFAULT_MAX_RECORD_BYTES, guardRecordSize, perMessage, type InboundMessage, type Outcome } from '@panda2zoho/kafka';
import { registryUrl, stackConfigFromEnv } from '@panda2zoho/local-stack';
import { REFERENCE_TABLES, tableByName } from '@panda2zoho/panda-model';
import { DebeziumEncoder, generatePatients, seededRandom, type PandaPatientRow } from '@panda2zoho/synthetic-practice';
import { debeziumHandler } from './debezium-handler.ts';

// Hostile input against the real registry: every way a Debezium record can arrive broken must end as an
// emitted event or a dead letter with a code — never an exception that would stop the consumer (a
// crash loop) and never a silently skipped record.
const cfg = stackConfigFromEnv(fileURLToPath(new URL('../../../../', import.meta.url)));
const registry = process.env['P2Z_TEST_REGISTRY_URL'] ?? registryUrl(cfg);
const prefix = `fz${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const namespace = `${prefix}ns`;
const serde = new EventSerde(registry);
const topics = topicNames(namespace);
const handle = perMessage(debeziumHandler({ serde, topics, ctx: { tables: REFERENCE_TABLES, locationFor: (db) => db }, now: () => 1_800_000_000_000 }));
const patients = tableByName(REFERENCE_TABLES, 'Patients')!;

function inbound(value: Buffer | null, offset = 0): InboundMessage {
  return { topic: `${prefix}.PANDA_FZ.dbo.Patients`, partition: 0, offset: String(offset), key: null, value, headers: {}, timestamp: '0' };
}

/** Runs one message through the handler the way the runtime does, size guard included. */
async function outcomeOf(value: Buffer | null): Promise<Outcome> {
  const outcomes = await handle([inbound(value)]);
  assert.equal(outcomes.length, 1);
  return guardRecordSize(outcomes[0]!, DEFAULT_MAX_RECORD_BYTES);
}

async function assertHandled(value: Buffer | null, label: string): Promise<Outcome> {
  let outcome: Outcome;
  try {
    outcome = await outcomeOf(value);
  } catch (error) {
    assert.fail(`${label}: the handler threw (${error instanceof Error ? error.message : String(error)}) instead of dead-lettering`);
  }
  if (outcome.kind === 'dead-letter') {
    assert.match(outcome.code, /^[A-Z_]+$/, `${label}: dead letter without a code`);
    assert.ok(outcome.reason.length > 0, `${label}: dead letter without a reason`);
  }
  if (outcome.kind === 'emit') {
    // Whatever got through must be a valid event downstream can read.
    for (const r of outcome.records) await serde.decode('SourceRecordChanged', r.value!);
  }
  return outcome;
}

describe('Debezium decoder under hostile input', { timeout: 180_000 }, () => {
  let valid: Buffer;
  let row: PandaPatientRow;
  const encoder = new DebeziumEncoder(serde, prefix, () => 1_800_000_000_000);

  before(async () => {
    await encoder.prepare('PANDA_FZ', patients);
    const first = generatePatients({ locations: 1, patients: 1, seed: 11 }).next().value as { row: PandaPatientRow } | undefined;
    assert.ok(first);
    row = { ...first.row, PatientID: 1 };
    valid = encoder.encodeDebeziumRows('PANDA_FZ', 'Patients', 'c', null, row as never)[0]!.value!;
  });

  after(async () => {
    const subjects = (await (await fetch(`${registry}/subjects`)).json()) as string[];
    for (const subject of subjects.filter((s) => s.startsWith(prefix))) {
      await fetch(`${registry}/subjects/${encodeURIComponent(subject)}`, { method: 'DELETE' });
      await fetch(`${registry}/subjects/${encodeURIComponent(subject)}?permanent=true`, { method: 'DELETE' });
    }
  });

  test('the untouched record is emitted (the baseline the mutations start from)', async () => {
    assert.equal((await assertHandled(valid, 'valid')).kind, 'emit');
  });

  test('every truncation of the record is dead-lettered', async () => {
    for (let length = 1; length < valid.length; length++) {
      const outcome = await assertHandled(valid.subarray(0, length), `truncated to ${length}`);
      assert.equal(outcome.kind, 'dead-letter', `truncated to ${length} bytes was not dead-lettered`);
    }
  });

  test('wrong magic byte and wrong or unknown schema ids are dead-lettered with a code', async () => {
    const withId = (id: number) => Buffer.concat([Buffer.from([0, (id >>> 24) & 255, (id >>> 16) & 255, (id >>> 8) & 255, id & 255]), valid.subarray(5)]);
    const magic = Buffer.from(valid);
    magic[0] = 1;
    assert.equal((await assertHandled(magic, 'magic byte 1')).kind, 'dead-letter');
    for (const id of [0, 2_147_483_647, 987_654_321]) {
      const outcome = await assertHandled(withId(id), `schema id ${id}`);
      assert.equal(outcome.kind, 'dead-letter', `schema id ${id}`);
      assert.equal(outcome.kind === 'dead-letter' && outcome.code, 'UNKNOWN_SCHEMA');
    }
    // A real id of another schema (the record's key schema): decodes to something that is not an envelope.
    const keyId = await serde.registerSubject(`${prefix}.PANDA_FZ.dbo.Patients-key`, { type: 'record', name: 'Key', namespace: `${prefix}.x`, fields: [{ name: 'PatientID', type: 'int' }] });
    assert.equal((await assertHandled(withId(keyId), 'key schema id')).kind, 'dead-letter');
  });

  test('500 random corruptions of the body each end as an event or a dead letter', async () => {
    const random = seededRandom(20261126);
    const kinds = { emit: 0, 'dead-letter': 0, skip: 0 };
    for (let i = 0; i < 500; i++) {
      const mutated = Buffer.from(valid);
      const flips = 1 + Math.floor(random() * 4);
      for (let f = 0; f < flips; f++) mutated[5 + Math.floor(random() * (mutated.length - 5))] = Math.floor(random() * 256);
      kinds[(await assertHandled(mutated, `corruption #${i}`)).kind]++;
    }
    assert.equal(kinds.skip, 0, 'a corrupted record must never be skipped silently');
    assert.ok(kinds['dead-letter'] > 0, `some corruptions must be caught (${JSON.stringify(kinds)})`);
  });

  test('bad encodings and absurd values: invalid UTF-8 is decoded without a crash, a 3 MB name becomes RECORD_TOO_LARGE', async () => {
    const utf8 = encoder.encodeDebeziumRows('PANDA_FZ', 'Patients', 'c', null, { ...row, PatientID: 2, LastName: 'ÆØÅ-ñ' } as never)[0]!.value!;
    const at = utf8.indexOf(Buffer.from('ÆØÅ'));
    assert.ok(at > 0);
    utf8[at] = 0xff; // not a UTF-8 lead byte
    assert.equal((await assertHandled(utf8, 'invalid UTF-8')).kind, 'emit');

    const huge = encoder.encodeDebeziumRows('PANDA_FZ', 'Patients', 'c', null, { ...row, PatientID: 3, LastName: 'x'.repeat(3_000_000) } as never)[0]!.value!;
    const outcome = await assertHandled(huge, '3 MB last name');
    assert.equal(outcome.kind, 'dead-letter');
    assert.equal(outcome.kind === 'dead-letter' && outcome.code, 'RECORD_TOO_LARGE');
    assert.doesNotMatch(outcome.kind === 'dead-letter' ? outcome.reason : '', /xxx/, 'the reason never quotes the value');
  });

  test('a tombstone is skipped (it is the connector’s compaction marker, not a change)', async () => {
    assert.equal((await assertHandled(null, 'tombstone')).kind, 'skip');
  });
});
