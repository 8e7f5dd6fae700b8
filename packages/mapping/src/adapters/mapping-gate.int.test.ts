import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { EventSerde, topicNames } from '@panda2zoho/events';
import { createKafka, idempotentProducer } from '@panda2zoho/kafka';
import { kafkaBrokers, registryUrl, stackConfigFromEnv } from '@panda2zoho/local-stack';
import { createLogger } from '@panda2zoho/observability';
import { MAPPING_FORMAT, mappingVersion, type MappingDocument } from '../domain/mapping-document.ts';
import { MappingGate } from './mapping-gate.ts';
import { ensureControlTopics, MappingPublisher } from './mapping-topics.ts';

// The gate against the real broker and registry: it reads the topic to its end before it answers,
// then follows confirmations made while it runs.
const stack = stackConfigFromEnv(fileURLToPath(new URL('../../../../', import.meta.url)));
const brokers = process.env['P2Z_TEST_KAFKA_BROKERS']?.split(',') ?? kafkaBrokers(stack);
const registry = process.env['P2Z_TEST_REGISTRY_URL'] ?? registryUrl(stack);

const mapping = (zohoField: string): MappingDocument => ({
  format: MAPPING_FORMAT,
  source: { kind: 'csv', name: 'gate-test' },
  target: { modules: [], metadata: 'none' },
  tables: [
    {
      source: 'tblPatient',
      entity: 'patient',
      status: 'mapped',
      confidence: 0.9,
      reason: 'test',
      columns: [{ source: 'PatFName', status: 'mapped', field: 'firstName', zoho: `Contacts.${zohoField}`, confidence: 0.9, reason: 'test' }],
    },
  ],
});

async function eventually(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('MappingGate against a real broker', { timeout: 90_000 }, () => {
  const namespace = `gate${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const topics = topicNames(namespace);
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let publisher: MappingPublisher;
  const gates: MappingGate[] = [];
  const actor = { name: 'dana', via: 'cli' as const };

  before(async () => {
    kafka = createKafka({ brokers, clientId: 'mapping-gate-test' }, createLogger({ service: 'gate-test', level: 'fatal' }));
    admin = kafka.admin();
    await admin.connect();
    await ensureControlTopics(admin, namespace);
    producer = idempotentProducer(kafka);
    await producer.connect();
    publisher = new MappingPublisher(producer, new EventSerde(registry), namespace);
  });

  after(async () => {
    for (const gate of gates) await gate.stop();
    await producer?.disconnect();
    await admin?.deleteTopics({ topics: [topics.controlMapping, topics.controlAudit] }).catch(() => undefined);
    await admin?.disconnect();
  });

  const startGate = async () => {
    const gate = await MappingGate.start({ kafka, namespace, serde: registry, reader: 'test', readyTimeoutMs: 30_000 });
    gates.push(gate);
    return gate;
  };

  test('refuses everything before a confirmation, follows confirmations live, and reads the history at start', async () => {
    const first = mapping('First_Name');
    const v1 = mappingVersion(first);
    await publisher.propose(first, actor);

    const gate = await startGate();
    assert.equal(gate.confirmedVersion(), null, 'a proposal alone confirms nothing');
    const refused = gate.check(v1);
    assert.equal(!refused.ok && refused.code, 'MAPPING_NOT_CONFIRMED');

    const waiting = gate.whenConfirmed();
    await publisher.confirm(v1, actor);
    assert.equal(await waiting, v1, 'a writer holding on whenConfirmed() is released by the confirmation');
    assert.equal(gate.confirmedVersion(), v1);
    assert.deepEqual(gate.check(v1), { ok: true, version: v1 });
    assert.equal(gate.confirmedMapping()?.tables[0]?.columns[0]?.zoho, 'Contacts.First_Name');

    // An edit is a new version: proposed, it changes nothing; confirmed, the old version is refused.
    const edited = mapping('Salutation');
    const v2 = mappingVersion(edited);
    assert.notEqual(v2, v1);
    await publisher.propose(edited, actor);
    await eventually('the new proposal', () => gate.snapshot().proposals.length === 2);
    assert.equal(gate.confirmedVersion(), v1);
    await publisher.confirm(v2, { name: 'lee', via: 'console' });
    await eventually('the second confirmation', () => gate.confirmedVersion() === v2);
    const old = gate.check(v1);
    assert.equal(!old.ok && old.code, 'MAPPING_VERSION_MISMATCH');

    // A gate started now reads the whole history before it answers: no window where it says "unconfirmed".
    const late = await startGate();
    assert.equal(late.confirmedVersion(), v2);
    assert.equal(late.snapshot().confirmations.at(-1)?.actor, 'lee');
    assert.deepEqual(late.check(v2), { ok: true, version: v2 });
  });
});
