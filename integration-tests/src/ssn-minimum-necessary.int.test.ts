import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { parseConfig } from '@panda2zoho/config';
import { EventSerde, topicNames, type PatientNormalized } from '@panda2zoho/events';
import { createApp as createExtractor, extractorConfigSchema } from '@panda2zoho/extractor';
import { createKafka, type StartedService } from '@panda2zoho/kafka';
import { createApp as createNormalizer, normalizerConfigSchema } from '@panda2zoho/normalizer';
import { createLogger, createMetrics } from '@panda2zoho/observability';
import { hmacToken } from '@panda2zoho/panda-model';
import { DebeziumPatientProducer, type PandaPatientRow } from '@panda2zoho/synthetic-practice';
import { readTopics } from './harness/read-topics.ts';
import { eventually, testStack, uniqueName } from './harness/test-stack.ts';

// The SSN is outside the migration's purpose: by default it never leaves the extractor; with
// EXTRACTOR_SSN=tokenise only its HMAC does, and reaches PatientNormalized.ssnToken. Either way no
// topic of the pipeline holds the SSN (Debezium's own topic does: it is the connector's copy of the table).
const stack = testStack();
const logger = createLogger({ service: 'ssn-test', level: 'warn' });
const kafka = createKafka({ brokers: stack.brokers, clientId: 'ssn-test' }, logger);
const serde = new EventSerde(stack.registryUrl);
const SECRET = 'ssn-test-secret-0123456789';
const DATABASE = 'PANDA_LOC01';

const patient = (id: number, ssn: string): PandaPatientRow => ({
  PatientID: id, ChartNumber: `SSN-${id}`, FirstName: 'Ssn', MiddleName: null, LastName: `Tester${id}`, PreferredName: null,
  BirthDate: 4_000, Sex: 'F', Email: null, HomePhone: null, CellPhone: null, WorkPhone: null, Address1: null, Address2: null,
  City: null, State: null, Zip: null, Country: 'US', Status: 'Active', CreatedAt: Date.UTC(2020, 0, 1), ModifiedAt: Date.UTC(2020, 0, 2), SSN: ssn,
});
// Two spellings of SSNs no real person has; every form the pipeline could render them in is searched.
const PATIENTS = [patient(801, '987-65-4321'), patient(802, '912345678')];
const NEEDLES = ['987-65-4321', '987654321', '912345678', '912-34-5678'];

interface Run {
  namespace: string;
  prefix: string;
  apps: StartedService[];
}
const runs: Run[] = [];

async function run(env: Record<string, string>): Promise<Run> {
  const namespace = uniqueName('ssn');
  const prefix = uniqueName('pdssn');
  const debezium = new DebeziumPatientProducer(kafka, serde, prefix);
  await debezium.start([DATABASE]);
  await debezium.send(PATIENTS.map((after) => ({ database: DATABASE, op: 'c' as const, before: null, after })));
  await debezium.stop();
  const common = { KAFKA_BROKERS: stack.brokers.join(','), SCHEMA_REGISTRY_URL: stack.registryUrl, P2Z_TOPIC_NAMESPACE: namespace, LOG_LEVEL: 'warn' };
  const admin = kafka.admin();
  await admin.connect();
  const ctx = (service: string) => ({ service, instanceId: `${service}-${namespace}`, logger, metrics: createMetrics(service), kafka, admin });
  const r: Run = { namespace, prefix, apps: [] };
  runs.push(r);
  r.apps.push(await createExtractor(ctx('extractor'), parseConfig(extractorConfigSchema, { ...common, DEBEZIUM_TOPIC_PREFIX: prefix, PANDA_DATABASES: DATABASE, ...env })));
  r.apps.push(await createNormalizer(ctx('normalizer'), parseConfig(normalizerConfigSchema, { ...common, P2Z_MAPPING_GATE: 'off' })));
  r.apps.push({ consumers: [], stop: () => admin.disconnect() });
  return r;
}

async function normalizedPatients(namespace: string): Promise<PatientNormalized[]> {
  const topic = topicNames(namespace).patientNormalized;
  const records = await eventually('both patients normalized', async () => {
    const got = await readTopics(kafka, [topic], PATIENTS.length, 2_000);
    return got.length >= PATIENTS.length ? got : undefined;
  }, 120_000);
  return Promise.all(records.map((r) => serde.decode('PatientNormalized', r.value!)));
}

/** Every record of every topic of the namespace (keys, values, headers) as text, searched for the SSNs. */
async function ssnHits(namespace: string): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${namespace}.`));
  let total = 0;
  for (const topic of topics) for (const o of await admin.fetchTopicOffsets(topic)) total += Number(o.high) - Number(o.low);
  await admin.disconnect();
  assert.ok(topics.includes(topicNames(namespace).sourceChanged('patient')), 'the extractor wrote its topics');
  const records = await readTopics(kafka, topics, total, 3_000);
  assert.ok(records.length >= PATIENTS.length * 2, 'source and normalized events were read');
  const hits: string[] = [];
  for (const r of records) {
    const text = [r.key, r.value, ...Object.values(r.headers)].map((b) => b?.toString('latin1') ?? '').join('\n');
    for (const needle of NEEDLES) if (text.includes(needle)) hits.push(`${r.topic}@${r.partition}:${r.offset}`);
  }
  return hits;
}

async function cleanUp(r: Run): Promise<void> {
  for (const app of r.apps) for (const c of app.consumers) await c.stop().catch(() => undefined);
  for (const app of r.apps) await app.stop?.().catch(() => undefined);
  const admin = kafka.admin();
  await admin.connect();
  const mine = (await admin.listTopics()).filter((t) => t.startsWith(`${r.namespace}.`) || t.startsWith(`${r.prefix}.`));
  if (mine.length > 0) await admin.deleteTopics({ topics: mine });
  const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(`${r.namespace}.`));
  if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
  await admin.disconnect();
  const subjects = (await (await fetch(`${stack.registryUrl}/subjects`)).json()) as string[];
  for (const subject of subjects.filter((s) => s.startsWith(`${r.namespace}.`) || s.startsWith(`${r.prefix}.`))) {
    await fetch(`${stack.registryUrl}/subjects/${encodeURIComponent(subject)}`, { method: 'DELETE' });
    await fetch(`${stack.registryUrl}/subjects/${encodeURIComponent(subject)}?permanent=true`, { method: 'DELETE' });
  }
}

describe('the SSN: minimum necessary, end to end', { timeout: 300_000 }, () => {
  after(async () => {
    for (const r of runs) await cleanUp(r);
  });

  test('dropped by default: no token, and no pipeline topic holds the SSN in any spelling', async () => {
    const { namespace } = await run({});
    const patients = await normalizedPatients(namespace);
    assert.deepEqual(patients.map((p) => p.ssnToken), [null, null]);
    assert.deepEqual(await ssnHits(namespace), []);
  });

  test('EXTRACTOR_SSN=tokenise: the HMAC of the digits reaches PatientNormalized.ssnToken, the SSN itself reaches no topic', async () => {
    const { namespace } = await run({ EXTRACTOR_SSN: 'tokenise', EXTRACTOR_SSN_SECRET: SECRET });
    const patients = await normalizedPatients(namespace);
    const token = hmacToken(SECRET);
    const byChart = new Map(patients.map((p) => [p.patient?.chartNumber, p.ssnToken]));
    assert.equal(byChart.get('SSN-801'), token('987654321'));
    assert.equal(byChart.get('SSN-802'), token('912345678'));
    assert.deepEqual(await ssnHits(namespace), []);
  });
});
