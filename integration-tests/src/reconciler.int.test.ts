import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kafka } from 'kafkajs';
import { EventSerde, readSchemaFile, topicNames, type DataQualityIssueRaised, type PatientNormalized, type PatientResolved, type ReconciliationReported, type RecordNormalized, type SourceRecordChanged } from '@panda2zoho/events';
import { createKafka, ensureTopics } from '@panda2zoho/kafka';
import { createLogger } from '@panda2zoho/observability';
import { ZohoAuth, ZohoClient } from '@panda2zoho/zoho';
import { DEFAULT_CLIENT, startZohoEmulator, type RunningZohoEmulator } from '@panda2zoho/zoho-emulator';
import { buildProgram, serviceProcess, type PipelineSettings } from 'panda2zoho';
import { freePort } from './harness/free-port.ts';
import { readTopic } from './harness/read-topics.ts';
import { RunningProcess } from './harness/service-process.ts';
import { REPO_ROOT, eventually, testStack, uniqueName } from './harness/test-stack.ts';

// The reconciler as its own process against the real Kafka and registry and the in-process emulator,
// fed with events this test produces itself (the writer for non-patient entities is not needed).
const TOKEN = 'reconciler-test-token-0123456789';
const stack = testStack();
const ns = uniqueName('rc');
const topics = topicNames(ns);
const serde = new EventSerde(stack.registryUrl);
let kafka: Kafka;
let emulator: RunningZohoEmulator;
let zoho: ZohoClient;
let reconciler: RunningProcess;
let url = '';
let ledgerType: { id: number; type: import('avsc').Type };

/** The writer's ledger schema (entries below leave out fields that have defaults). */
async function registerLedgerV2() {
  const avro = (await import('avsc')).default;
  const schema = readSchemaFile('zoho-operation-recorded.avsc');
  return { id: await serde.registerSchema(topics.zohoLedger, schema), type: avro.Type.forSchema(schema as import('avsc').Schema) };
}

const ref = (locationId: string, table: string, sourceKey: string) => ({ sourceSystem: 'CSV_EXPORT' as const, locationId, sourceTable: table, sourceKey, sourcePosition: `${table}@1`, sourceCommittedAtMs: null });

let producer: import('kafkajs').Producer;
async function send(topic: string, key: string, value: Buffer) {
  await producer.send({ topic, messages: [{ key, value }] });
}

async function source(entity: string, locationId: string, key: string, operation: 'UPSERT' | 'DELETE' = 'UPSERT') {
  const e: SourceRecordChanged = { eventId: `s-${entity}-${locationId}-${key}-${operation}`, entity, source: ref(locationId, entity, key), operation, extractedAtMs: 0, fields: null };
  await send(topics.sourceChanged(entity), `${locationId}:${entity}:${key}`, await serde.encode(topics.sourceChanged(entity), 'SourceRecordChanged', e));
}

async function normalizedPatient(locationId: string, key: string) {
  const e: PatientNormalized = { eventId: `n-${locationId}-${key}`, source: ref(locationId, 'Patients', key), operation: 'UPSERT', patient: null, issues: [], insuranceCarrier: null, guarantor: null, ssnToken: null };
  await send(topics.patientNormalized, `${locationId}:${key}`, await serde.encode(topics.patientNormalized, 'PatientNormalized', e));
}

async function resolvedPatient(locationId: string, key: string, contactKey: string) {
  const e: PatientResolved = { eventId: `r-${locationId}-${key}`, contactKey, matchRule: 'exact', source: ref(locationId, 'Patients', key), operation: 'UPSERT', patient: null, insuranceCarrier: null, guarantor: null, members: [], survivorship: [], issues: [] };
  await send(topics.patientResolved, contactKey, await serde.encode(topics.patientResolved, 'PatientResolved', e));
}

async function normalizedRecord(entity: string, recordKey: string, locationId: string, operation: 'UPSERT' | 'DELETE' = 'UPSERT') {
  const e: RecordNormalized = { eventId: `n-${recordKey}-${operation}`, entity, recordKey, source: ref(locationId, entity, recordKey), operation, mappingVersion: null, parents: [], fields: null, mergedFrom: [], issues: [] };
  await send(topics.recordNormalized(entity), recordKey, await serde.encode(topics.recordNormalized(entity), 'RecordNormalized', e));
}

async function ledger(fields: Record<string, unknown>) {
  const entry = { eventId: `l-${Math.random()}`, runId: 'run-1', operationId: `op-${Math.random()}`, phase: 'OUTCOME', operation: 'UPSERT', zohoId: null, result: 'INSERTED', errorCode: null, errorField: null, sourceEventIds: [], fieldsWritten: [], recordedAtMs: Date.now(), entity: null, recordKey: null, locationId: null, sentFields: {}, ...fields };
  await send(topics.zohoLedger, String(fields['externalId']), serde.encodeWith(ledgerType.id, ledgerType.type, entry));
}

async function issue(entity: string, recordKey: string, locationId: string, rule: string, severity: 'WARNING' | 'ERROR') {
  const e = { eventId: `i-${recordKey}-${rule}`, entity, recordKey, locationId, field: 'x', rule, severity, action: 'KEPT', before: null, after: null, message: 'test issue', producer: 'normalizer', sourceEventId: 'e' } as DataQualityIssueRaised;
  await send(topics.dataQualityIssues, recordKey, await serde.encode(topics.dataQualityIssues, 'DataQualityIssueRaised', e));
}

async function upsert(module: string, field: string, record: Record<string, unknown>): Promise<string> {
  const [result] = await zoho.upsert(module, [record], [field]);
  assert.equal(result?.status, 'success', JSON.stringify(result));
  return String((result?.details as { id?: string } | undefined)?.id);
}

async function reconcile(query = ''): Promise<ReconciliationReported> {
  const response = await fetch(`${url}/reconciliation${query}`);
  assert.equal(response.status, 200, `${await response.clone().text()}\n${reconciler.tail()}`);
  return (await response.json()) as ReconciliationReported;
}

const row = (r: ReconciliationReported, entity: string) => r.entities.find((e) => e.entity === entity)!;

/** Sets the normalizer's committed offsets on the patient source topic: `to` = start (everything waits) or end (drained). */
async function normalizerAt(to: 'start' | 'end') {
  const admin = kafka.admin();
  await admin.connect();
  const topic = topics.sourceChanged('patient');
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.setOffsets({ groupId: `${ns}.normalizer`, topic, partitions: offsets.map((p) => ({ partition: p.partition, offset: to === 'start' ? p.low : p.high })) });
  await admin.disconnect();
}

/**
 * The CLI's own commands, run in process (spawning tsx per call costs seconds on a busy machine):
 * their stdout, stderr and exit code.
 */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  console.log = (...parts: unknown[]) => void out.push(parts.join(' '));
  console.error = (...parts: unknown[]) => void err.push(parts.join(' '));
  process.env['P2Z_RECONCILER_TOKEN'] = TOKEN;
  process.exitCode = undefined;
  try {
    await buildProgram().parseAsync(['node', 'panda2zoho', ...args, '--url', url]);
  } finally {
    console.log = log;
    console.error = error;
    delete process.env['P2Z_RECONCILER_TOKEN'];
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('reconciler: per entity and location, fields, issues, lag, cutover', { timeout: 240_000 }, () => {
  let c1 = '';
  before(async () => {
    kafka = createKafka({ brokers: stack.brokers, clientId: `test-${ns}` }, createLogger({ service: 'integration-test', level: 'warn' }));
    emulator = await startZohoEmulator({ clients: [DEFAULT_CLIENT] });
    zoho = new ZohoClient({ auth: new ZohoAuth({ accountsUrl: emulator.url, ...DEFAULT_CLIENT }) });
    await zoho.createFields('Contacts', [{ field_label: 'PANDA Patient Key', data_type: 'text', length: 64, unique: { casesensitive: true } }]);
    await zoho.createFields('Tasks', [{ field_label: 'PANDA Record Key', data_type: 'text', length: 64 }]);
    const admin = kafka.admin();
    await admin.connect();
    const fed = [topics.sourceChanged('patient'), topics.sourceChanged('clinical_flag'), topics.patientNormalized, topics.recordNormalized('clinical_flag'), topics.patientResolved, topics.zohoLedger, topics.dataQualityIssues];
    await ensureTopics(admin, fed.map((topic) => ({ topic, partitions: 1 })));
    await admin.disconnect();
    producer = kafka.producer();
    await producer.connect();
    ledgerType = await registerLedgerV2();

    // Patients: three source rows at two locations, two contacts (B:9 is A:1's person).
    for (const [loc, key] of [['A', '1'], ['A', '2'], ['B', '9']] as const) {
      await source('patient', loc, key);
      await normalizedPatient(loc, key);
    }
    await resolvedPatient('A', '1', 'c1');
    await resolvedPatient('A', '2', 'c2');
    await resolvedPatient('B', '9', 'c1');
    c1 = await upsert('Contacts', 'PANDA_Patient_Key', { Last_Name: 'Lovelace', PANDA_Patient_Key: 'c1' });
    const c2 = await upsert('Contacts', 'PANDA_Patient_Key', { Last_Name: 'Hopper', PANDA_Patient_Key: 'c2' });
    await ledger({ module: 'Contacts', externalIdField: 'PANDA_Patient_Key', externalId: 'c1', zohoId: c1, entity: 'patient', sentFields: { Last_Name: '"Lovelace"' } });
    await ledger({ module: 'Contacts', externalIdField: 'PANDA_Patient_Key', externalId: 'c2', zohoId: c2, entity: 'patient', sentFields: { Last_Name: '"Hopper"' } });
    // A clinical flag (Tasks) at A, written, with an ERROR issue; a WARNING on a patient.
    await source('clinical_flag', 'A', '5');
    await normalizedRecord('clinical_flag', 'A:clinical_flag:5', 'A');
    const t5 = await upsert('Tasks', 'PANDA_Record_Key', { Subject: 'Allergy check', PANDA_Record_Key: 'A:clinical_flag:5' });
    await ledger({ module: 'Tasks', externalIdField: 'PANDA_Record_Key', externalId: 'A:clinical_flag:5', zohoId: t5, recordKey: 'A:clinical_flag:5', locationId: 'A', sentFields: { Subject: '"Allergy check"' } });
    await issue('clinical_flag', 'A:clinical_flag:5', 'A', 'UNKNOWN_FLAG_TYPE', 'ERROR');
    await issue('patient', 'B:patient:9', 'B', 'DATE_SENTINEL', 'WARNING');

    const port = await freePort();
    const settings: PipelineSettings = {
      brokers: stack.brokers, registryUrl: stack.registryUrl, namespace: ns, debeziumPrefix: 'unused', databases: [],
      zoho: { accountsUrl: emulator.url, ...DEFAULT_CLIENT }, dedupeSecret: 'unused', httpPorts: { reconciler: port }, logLevel: 'warn',
    };
    const spec = serviceProcess(REPO_ROOT, 'reconciler', settings);
    reconciler = new RunningProcess({ ...spec, env: { ...spec.env, P2Z_RECONCILE_INTERVAL_MS: '2000', P2Z_RECONCILER_TOKEN: TOKEN, P2Z_LAG_POLL_MS: '60000' } });
    url = `http://127.0.0.1:${port}`;
    await eventually(`reconciler ready\n${reconciler.tail()}`, async () => {
      if (!reconciler.running) throw new Error(`reconciler exited\n${reconciler.tail()}`);
      return (await fetch(`${url}/readyz`)).ok;
    }, 90_000);
  });

  after(async () => {
    await reconciler?.stop();
    await producer?.disconnect();
    await emulator?.close();
    const admin = kafka.admin();
    await admin.connect();
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(`${ns}.`));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine });
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(`${ns}.`));
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
    await admin.disconnect();
    const subjects = (await (await fetch(`${stack.registryUrl}/subjects`)).json()) as string[];
    for (const subject of subjects.filter((s) => s.startsWith(`${ns}.`))) {
      await fetch(`${stack.registryUrl}/subjects/${encodeURIComponent(subject)}`, { method: 'DELETE' });
      await fetch(`${stack.registryUrl}/subjects/${encodeURIComponent(subject)}?permanent=true`, { method: 'DELETE' });
    }
  });

  test('counts per entity and location from the events, Zoho read back, issues per rule', async () => {
    const r = await eventually('the read model to hold every event', async () => {
      const report = await reconcile();
      // …and caught up: right after the events its own lag can still show as a LAG blocker.
      const caughtUp = !report.blockers.some((b) => b.kind === 'LAG');
      return row(report, 'patient').source === 3 && row(report, 'clinical_flag').written === 1 && report.issues.length === 2 && caughtUp ? report : undefined;
    });
    const p = row(r, 'patient');
    assert.deepEqual([p.source, p.normalized, p.resolved, p.written, p.zoho, p.fieldsCompared, p.match], [3, 3, 2, 2, 2, 2, true]);
    assert.deepEqual(p.locations.map((l) => [l.locationId, l.source, l.resolved, l.written, l.zoho, l.match]), [['A', 2, 2, 2, 2, true], ['B', 1, 1, 1, 1, true]]);
    const f = row(r, 'clinical_flag');
    assert.deepEqual([f.module, f.source, f.normalized, f.resolved, f.written, f.zoho, f.blockingIssues, f.match], ['Tasks', 1, 1, 1, 1, 1, 1, true]);
    assert.deepEqual(r.issues.map((i) => [i.entity, i.locationId, i.rule, i.severity, i.count]), [['clinical_flag', 'A', 'UNKNOWN_FLAG_TYPE', 'ERROR', 1], ['patient', 'B', 'DATE_SENTINEL', 'WARNING', 1]]);
    assert.equal(r.ready, false);
    assert.deepEqual(r.blockers.map((b) => [b.kind, b.entity, b.locationId]), [['ISSUES', 'clinical_flag', 'A']]);

    const status = await cli(['status', '--json']);
    const s = JSON.parse(status.stdout) as { entities: Array<{ entity: string; extracted: number; normalized: number; resolved: number; written: number; failed: number; locations: unknown[] }> };
    const { locations, ...patient } = s.entities.find((e) => e.entity === 'patient')!;
    assert.deepEqual(patient, { entity: 'patient', module: 'Contacts', extracted: 3, normalized: 3, resolved: 2, written: 2, failed: 0, lag: 0 });
    // Per location: c1 stands for A:1 and B:9, so it counts at both.
    assert.deepEqual(locations, [
      { locationId: 'A', extracted: 2, normalized: 2, resolved: 2, written: 2, failed: 0 },
      { locationId: 'B', extracted: 1, normalized: 1, resolved: 1, written: 1, failed: 0 },
    ]);
  });

  test('a value changed in Zoho is a mismatch by record key and field; values only with the token', async () => {
    await zoho.request('PUT', `/crm/v8/Contacts/${c1}`, { data: [{ Last_Name: 'Byron' }] });
    const r = await reconcile();
    assert.deepEqual(r.mismatches, [{ entity: 'patient', locationId: 'A', recordKey: 'c1', field: 'Last_Name', kind: 'DIFFERENT' }]);
    assert.equal(row(r, 'patient').match, false);
    assert.ok(!JSON.stringify(r).includes('Byron') && !JSON.stringify(r).includes('Lovelace'), 'no value without the token');
    assert.equal((await fetch(`${url}/reconciliation?values=1`)).status, 401);

    const md = await cli(['reconcile', '--show-values']);
    assert.equal(md.code, 1, md.stderr);
    assert.match(md.stdout, /\| patient \| A \| c1 \| Last_Name \| DIFFERENT \| "Lovelace" \| "Byron" \|/);
    const json = await cli(['reconcile', '--json']);
    assert.equal(json.code, 1);
    const parsed = JSON.parse(json.stdout) as { match: boolean; entities: Record<string, { match: boolean }> };
    assert.equal(parsed.match, false);
    assert.equal(parsed.entities['patient']?.match, false);
    assert.equal(parsed.entities['clinical_flag']?.match, true);
    assert.ok(!json.stdout.includes('Byron'));

    // Published on demand and periodically, with per-location rows and without values.
    const published = await readTopic(kafka, topics.reconciliation, 3, 5_000);
    assert.ok(published.length >= 3);
    const last = await serde.decode('ReconciliationReported', published[published.length - 1]!.value!);
    assert.ok(last.entities[0]!.locations.length > 0);
    assert.ok(published.every((m) => !m.value!.includes('Byron')));
  });

  test('lag: a stage with records waiting blocks, drained it does not; cutover blocks, then passes', async () => {
    await normalizerAt('start');
    let r = await reconcile();
    assert.deepEqual(r.lag.filter((l) => l.stage === 'normalizer').map((l) => [l.topic, l.lag]), [[topics.sourceChanged('patient'), 3]]);
    const blocked = await cli(['cutover', '--timeout', '3', '--interval', '1', '--json']);
    assert.equal(blocked.code, 2, blocked.stderr);
    const kinds = (JSON.parse(blocked.stdout) as { blockers: Array<{ kind: string }> }).blockers.map((b) => b.kind).sort();
    assert.deepEqual(kinds, ['FIELDS', 'ISSUES', 'LAG']);

    // Each blocker removed: the stage drained, the value put back, the flag deleted at the source (its issue closes).
    await normalizerAt('end');
    await zoho.request('PUT', `/crm/v8/Contacts/${c1}`, { data: [{ Last_Name: 'Lovelace' }] });
    await source('clinical_flag', 'A', '5', 'DELETE');
    await normalizedRecord('clinical_flag', 'A:clinical_flag:5', 'A', 'DELETE');
    const task = row(await reconcile(), 'clinical_flag');
    assert.equal(task.written, 1, 'still in the ledger and in Zoho: the counts now differ');
    await ledger({ module: 'Tasks', externalIdField: 'PANDA_Record_Key', externalId: 'A:clinical_flag:5', recordKey: 'A:clinical_flag:5', result: 'DELETED', locationId: 'A' });
    const tasks = await zoho.request('POST', '/crm/v8/coql', { select_query: "select id from Tasks where PANDA_Record_Key = 'A:clinical_flag:5'" });
    const taskId = (tasks.json as { data: Array<{ id: string }> }).data[0]!.id;
    await zoho.request('DELETE', `/crm/v8/Tasks/${taskId}`);

    const ready = await cli(['cutover', '--timeout', '60', '--interval', '1']);
    assert.equal(ready.code, 0, `${ready.stdout}\n${ready.stderr}`);
    assert.match(ready.stdout, /Ready for cutover/);
    r = await reconcile();
    assert.equal(r.ready, true);
    assert.ok(r.lag.filter((l) => l.stage === 'normalizer').every((l) => l.lag === 0));
    assert.deepEqual(r.issues.map((i) => i.rule), ['DATE_SENTINEL'], 'the deleted flag\'s issue is closed');
  });
});
