import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Admin, Kafka } from 'kafkajs';
import { createApp } from '@panda2zoho/deduper';
import { readToEnd } from '@panda2zoho/deduper/read-to-end';
import { EventSerde, topicNames, type NormalizedPatient, type PatientNormalized, type PatientResolved } from '@panda2zoho/events';
import { createKafka, type StartedService } from '@panda2zoho/kafka';
import { createLogger, createMetrics } from '@panda2zoho/observability';
import { buildProgram } from '../main.ts';
import { decideReview, type PendingReview } from './dedupe-review.ts';

// The review flow through the real CLI commands against a real deduper, Kafka and registry.
const brokers = (process.env['P2Z_TEST_KAFKA_BROKERS'] ?? 'localhost:19092').split(',');
const registryUrl = process.env['P2Z_TEST_REGISTRY_URL'] ?? 'http://localhost:18081/apis/ccompat/v7';
const TOKEN = 'cli-test-operator-token-0123456789';
const ns = `ddcli${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const topics = topicNames(ns);

function patient(locationId: string, sourceKey: string, p: Partial<NormalizedPatient>): PatientNormalized {
  return {
    eventId: `${locationId}-${sourceKey}`,
    source: { sourceSystem: 'DEBEZIUM_CDC', locationId, sourceTable: 'Patients', sourceKey, sourcePosition: '1', sourceCommittedAtMs: null },
    operation: 'UPSERT',
    patient: {
      patientId: sourceKey, chartNumber: null, firstName: 'Margaret', middleName: null, lastName: "O'Brien", preferredName: null, dateOfBirth: '1950-07-14',
      sex: null, email: null, homePhoneE164: null, mobilePhoneE164: null, workPhoneE164: null, addressLine1: null, addressLine2: null, city: null,
      state: null, postalCode: null, country: null, status: null, sourceCreatedAt: null, sourceModifiedAt: null, homePhoneDisplay: null, mobilePhoneDisplay: null, workPhoneDisplay: null, primaryProviderKey: null, ...p,
    },
    issues: [],
    insuranceCarrier: null,
    guarantor: null,
    ssnToken: null,
  };
}

async function cli(args: string[]): Promise<string> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...parts: unknown[]) => lines.push(parts.map(String).join(' '));
  try {
    await buildProgram().exitOverride().parseAsync(['node', 'panda2zoho', 'dedupe', ...args, '--namespace', ns]);
  } finally {
    console.log = original;
  }
  return lines.join('\n');
}

describe('dedupe review CLI against the real deduper', { timeout: 180_000 }, () => {
  let kafka: Kafka;
  let admin: Admin;
  let deduper: StartedService;
  const serde = new EventSerde(registryUrl);

  const resolved = async (): Promise<Map<string, PatientResolved>> => {
    const last = new Map<string, PatientResolved>();
    const raw: Buffer[] = [];
    await readToEnd(kafka, admin, [topics.patientResolved], (_t, _p, m) => void (m.value && raw.push(m.value)));
    for (const v of raw) {
      const e = await serde.decode('PatientResolved', v);
      last.set(e.contactKey, e);
    }
    return new Map([...last].filter(([, e]) => e.operation === 'UPSERT'));
  };
  const readAllResolved = async (): Promise<Buffer[]> => {
    const raw: Buffer[] = [];
    await readToEnd(kafka, admin, [topics.patientResolved], (_t, _p, m) => void (m.value && raw.push(m.value)));
    return raw;
  };
  const waitFor = async (what: string, check: (contacts: PatientResolved[]) => boolean): Promise<PatientResolved[]> => {
    for (let i = 0; i < 120; i++) {
      const contacts = [...(await resolved()).values()];
      if (check(contacts)) return contacts;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  before(async () => {
    process.env['KAFKA_BROKERS'] = brokers.join(',');
    process.env['SCHEMA_REGISTRY_URL'] = registryUrl;
    kafka = createKafka({ brokers, clientId: `test-${ns}` }, createLogger({ service: 'cli-test', level: 'fatal' }));
    admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer();
    await producer.connect();
    // The same e-mail, an unknown birth date and family name: a review pair, not a match.
    const events = [patient('LOC01', '10', { email: 'mob@example.com' }), patient('LOC03', '9', { dateOfBirth: '9999-12-31', lastName: null, email: 'mob@example.com' })];
    await admin.createTopics({ topics: [{ topic: topics.patientNormalized, numPartitions: 3 }] });
    const messages = [];
    for (const e of events) messages.push({ key: `${e.source.locationId}:${e.source.sourceKey}`, value: await serde.encode(topics.patientNormalized, 'PatientNormalized', e) });
    await producer.send({ topic: topics.patientNormalized, acks: -1, messages });
    await producer.disconnect();
    deduper = await startDeduper();
  });

  const startDeduper = () =>
    createApp(
      { service: 'deduper', instanceId: 'test', logger: createLogger({ service: 'deduper', level: 'fatal' }), metrics: createMetrics('deduper'), kafka, admin },
      {
        KAFKA_BROKERS: brokers, SCHEMA_REGISTRY_URL: registryUrl, P2Z_TOPIC_NAMESPACE: ns, DEDUPE_SECRET: 'cli-test-dedupe-secret', DEDUPE_LOCATION_PRIORITY: [],
        P2Z_OPERATOR_TOKEN: TOKEN,
      } as unknown as Parameters<typeof createApp>[1],
    );

  after(async () => {
    for (const c of deduper?.consumers ?? []) await c.stop();
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(`${ns}.`));
    await admin.deleteTopics({ topics: mine }).catch(() => undefined);
    await admin.deleteGroups([`${ns}.deduper`]).catch(() => undefined);
    await admin.disconnect();
    delete process.env['P2Z_OPERATOR_TOKEN'];
  });

  test('pending → accept merges the pair; unmerge splits it again; a forged decision is refused', async () => {
    const listed = JSON.parse(await cli(['review', 'list', '--json'])) as PendingReview[];
    assert.equal(listed.length, 1);
    const [pending] = listed;
    assert.deepEqual([pending!.a.recordKey, pending!.b.recordKey], ['LOC01:patient:10', 'LOC03:patient:9']);
    assert.equal(pending!.a.patient?.email, 'mob@example.com', 'the operator sees what they need to decide');
    assert.ok(pending!.reasons.includes('email-equal'));
    assert.equal((await resolved()).size, 2, 'not merged before a person decides');

    // Without the token, nothing is recorded.
    delete process.env['P2Z_OPERATOR_TOKEN'];
    await assert.rejects(cli(['review', 'accept', pending!.id, '--operator', 'dr.who']), /P2Z_OPERATOR_TOKEN/);
    // Signed with another token: the deduper dead-letters it and merges nothing.
    const target = { kafka, admin, registryUrl, namespace: ns };
    await decideReview(target, pending!.id, true, { operator: 'mallory', token: 'not-the-operator-token-000', now: () => 1 });

    process.env['P2Z_OPERATOR_TOKEN'] = TOKEN;
    assert.match(await cli(['review', 'accept', pending!.id, '--operator', 'dr.who']), /REVIEW_ACCEPTED/);
    const merged = await waitFor('the merged golden record', (cs) => cs.length === 1);
    assert.deepEqual(merged[0]!.members.map((m) => m.recordKey), ['LOC01:patient:10', 'LOC03:patient:9']);
    assert.equal(merged[0]!.matchRule, 'operator-accepted');
    assert.equal(JSON.parse(await cli(['review', 'list', '--json'])).length, 0);

    const dlq: Buffer[] = [];
    await readToEnd(kafka, admin, [topics.deadLetter('deduper')], (_t, _p, m) => {
      const code = m.headers?.['p2z-error-code'];
      if (code) dlq.push(Buffer.from(String(code)));
    });
    assert.deepEqual(dlq.map(String), ['OPERATOR_UNAUTHENTICATED']);

    assert.match(await cli(['unmerge', merged[0]!.contactKey, 'LOC03:patient:9', '--operator', 'dr.who']), /UNMERGE/);
    const split = await waitFor('the split contacts', (cs) => cs.length === 2);
    assert.deepEqual(split.map((c) => c.members.map((m) => m.recordKey)).sort(), [['LOC01:patient:10'], ['LOC03:patient:9']]);
    const kinds: string[] = [];
    const raw: Buffer[] = [];
    await readToEnd(kafka, admin, [topics.dedupeDecisions], (_t, _p, m) => void (m.value && raw.push(m.value)));
    for (const v of raw) {
      const d = await serde.decode('DedupeDecisionRecorded', v);
      kinds.push(`${d.kind}:${d.decidedBy}:${d.operator ?? ''}`);
    }
    assert.deepEqual(kinds, ['REVIEW_PENDING:RULE:', 'REVIEW_ACCEPTED:OPERATOR:mallory', 'REVIEW_ACCEPTED:OPERATOR:dr.who', 'UNMERGE:OPERATOR:dr.who']);

    // A restart replays the decisions: still split, and nothing is emitted again.
    const emitted = (await readAllResolved()).length;
    for (const c of deduper.consumers) await c.stop();
    deduper = await startDeduper();
    assert.equal((await readAllResolved()).length, emitted);
    assert.deepEqual([...(await resolved()).values()].map((c) => c.members.length), [1, 1]);
  });
});
