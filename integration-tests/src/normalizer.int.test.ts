import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { parseConfig } from '@panda2zoho/config';
import { EventSerde, topicNames, type DataQualityIssueRaised, type PatientNormalized, type RecordNormalized } from '@panda2zoho/events';
import { SourceEventPublisher } from '@panda2zoho/extractor/source-event-publisher';
import { createKafka, ensureTopics, type StartedService } from '@panda2zoho/kafka';
import { confirmReferenceMapping, mappingVersion, referenceMappingDocument } from '@panda2zoho/mapping';
import { createApp, normalizerConfigSchema } from '@panda2zoho/normalizer';
import { createLogger, createMetrics } from '@panda2zoho/observability';
import { ENTITIES, toCanonicalRecord, type CanonicalValue } from '@panda2zoho/panda-model';
import { generatePractice, practiceTruth, type PracticeSpec } from '@panda2zoho/synthetic-practice';
import { eventually, testStack, uniqueName } from './harness/test-stack.ts';

// A generated 3-location practice (every table, a change phase, planted dirt) through the extractor's
// publisher and the normalizer, twice, in two fresh namespaces: charts, plans, notes, flags and reports
// must arrive assembled and agree with the generator's rows; planted dirt must raise data-quality
// issues without PHI; and the two runs — the second stopped midway and taken over by a new instance that
// restores the assembly state from its changelog — must produce byte-identical normalized events.
// Seed 197 plants a sentinel birth date, a missing last name, over-long values and mobility IV.
const spec: PracticeSpec = { locations: 3, patients: 4, seed: 197, changes: { updates: 4, inserts: 2, deletes: 3 } };
const COMMITTED_AT = Date.UTC(2025, 6, 1);
const stack = testStack();
const logger = createLogger({ service: 'normalizer-test', level: 'warn' });
const kafka = createKafka({ brokers: stack.brokers, clientId: 'normalizer-test' }, logger);
const serde = new EventSerde(stack.registryUrl);

type CanonicalChange = Extract<Parameters<SourceEventPublisher['publish']>[0][number], { kind: 'change' }>['change'];

type Row = { key: string; entity: string; op: 'UPSERT' | 'DELETE'; fields: Record<string, CanonicalValue> };

/** The generator's rows as canonical changes (what the extractor publishes), in source order. */
function changes(): { items: CanonicalChange[]; final: Map<string, Row> } {
  const items: CanonicalChange[] = [];
  const final = new Map<string, Row>();
  let position = 0;
  for (const row of generatePractice(spec)) {
    const image = (row.after ?? row.before)!;
    const result = toCanonicalRecord(row.table, (column) => image[row.table.columns.find((c) => c.column === column)!.field] ?? null, (_t, v) => v as CanonicalValue);
    if (result.kind !== 'ok') throw new Error(`generator row not canonical: ${row.table.table}`);
    const operation = row.op === 'd' ? 'DELETE' : 'UPSERT';
    const { sourceKey, fields } = result.record;
    items.push({ entity: row.table.entity, locationId: row.database, sourceSystem: 'DEBEZIUM_CDC', sourceTable: `dbo.${row.table.table}`, sourceKey, sourcePosition: String(++position).padStart(8, '0'), sourceCommittedAtMs: COMMITTED_AT, operation, fields });
    const key = `${row.database}:${row.table.entity}:${sourceKey}`;
    if (operation === 'DELETE') final.set(key, { key, entity: row.table.entity, op: 'DELETE', fields });
    else final.set(key, { key, entity: row.table.entity, op: 'UPSERT', fields });
  }
  return { items, final };
}

interface Run {
  namespace: string;
  app: StartedService;
}

/**
 * Publishes the input to a fresh namespace and runs the normalizer over it until drained. `interrupt`:
 * the first instance is stopped once it committed part of the sites, and a second one (another
 * instance id) takes over from the committed offsets and the assembly changelog.
 */
async function startRun(items: CanonicalChange[], interrupt: boolean): Promise<Run> {
  const namespace = uniqueName('nz');
  const topics = topicNames(namespace);
  const admin = kafka.admin();
  await admin.connect();
  // Created before publishing: the co-partitioned topics need equal partition counts (3, as the extractor creates them).
  await ensureTopics(admin, ENTITIES.map((entity) => ({ topic: topics.sourceChanged(entity) })));
  const publisher = new SourceEventPublisher(kafka, serde, topics, 'extractor', () => COMMITTED_AT);
  await publisher.start();
  for (let i = 0; i < items.length; i += 500) await publisher.publish(items.slice(i, i + 500).map((change) => ({ kind: 'change', change })), 'test');
  await publisher.stop();
  // A confirmed field map, as an operator leaves it: the normalizer stamps its version on every record.
  await confirmReferenceMapping({ kafka, serde, namespace, actor: { name: 'normalizer-test', via: 'cli' } });
  const config = parseConfig(normalizerConfigSchema, {
    KAFKA_BROKERS: stack.brokers.join(','), SCHEMA_REGISTRY_URL: stack.registryUrl, P2Z_TOPIC_NAMESPACE: namespace, LOG_LEVEL: 'warn',
    NORMALIZER_MISSING_LAST_NAME: 'placeholder', PRACTICE_TIME_ZONE: 'America/Chicago',
  });
  const ctx = (n: number) => ({ service: 'normalizer', instanceId: `${hostname()}-${namespace}-${n}`, logger, metrics: createMetrics('normalizer'), kafka, admin });
  let app = await createApp(ctx(1), config);
  if (interrupt) {
    const sites = topics.sourceChanged('perio_site');
    await eventually('part of the sites committed', async () => {
      const committed = await admin.fetchOffsets({ groupId: `${namespace}.normalizer`, topics: [sites] });
      return committed[0]!.partitions.some((p) => BigInt(p.offset) > 0n);
    }, 120_000);
    for (const c of app.consumers) await c.stop();
    await app.stop?.();
    const committed = await admin.fetchOffsets({ groupId: `${namespace}.normalizer`, topics: [sites] });
    const ends = await admin.fetchTopicOffsets(sites);
    const pending = ends.some((e) => BigInt(committed[0]!.partitions.find((p) => p.partition === e.partition)?.offset ?? '-1') < BigInt(e.high));
    assert.ok(pending, 'stopped midway: sites were left for the second instance');
    app = await createApp(ctx(2), config);
  }
  // Drained: the group's committed offsets reached every source partition's end.
  await eventually('normalizer drained its inputs', async () => {
    const sources = ENTITIES.map((e) => topics.sourceChanged(e));
    const committed = await admin.fetchOffsets({ groupId: `${namespace}.normalizer`, topics: sources });
    for (const topic of sources) {
      const ends = await admin.fetchTopicOffsets(topic);
      for (const end of ends) {
        const at = committed.find((c) => c.topic === topic)?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
        if (BigInt(end.high) > 0n && BigInt(at) < BigInt(end.high)) return false;
      }
    }
    return true;
  }, 240_000);
  const started = app;
  return {
    namespace,
    app: {
      ...started,
      stop: async () => {
        await started.stop?.();
        await admin.disconnect();
      },
    },
  };
}

/** Every record of the topics, read committed, to each partition's end (transaction markers included). */
async function readToEnd(topics: string[]): Promise<Array<{ topic: string; key: string; value: Buffer }>> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, bigint>();
  for (const topic of topics) for (const o of await admin.fetchTopicOffsets(topic)) if (BigInt(o.high) > BigInt(o.low)) ends.set(`${topic}/${o.partition}`, BigInt(o.high));
  const groupId = uniqueName('nz-reader');
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxBytes: 50 * 1024 * 1024 });
  const records: Array<{ topic: string; key: string; value: Buffer }> = [];
  const positions = new Map<string, bigint>();
  consumer.on(consumer.events.END_BATCH_PROCESS, (e) => positions.set(`${e.payload.topic}/${e.payload.partition}`, BigInt(e.payload.lastOffset) + 1n));
  await consumer.connect();
  for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) records.push({ topic: batch.topic, key: m.key?.toString() ?? '', value: m.value! });
    },
  });
  await eventually('outputs read to their end', async () => [...ends].every(([tp, end]) => (positions.get(tp) ?? 0n) >= end), 120_000);
  await consumer.disconnect();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.disconnect();
  return records;
}

async function cleanUp(namespace: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const mine = (await admin.listTopics()).filter((t) => t.startsWith(`${namespace}.`));
  if (mine.length > 0) await admin.deleteTopics({ topics: mine });
  const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(`${namespace}.`));
  if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
  await admin.disconnect();
  const subjects = (await (await fetch(`${stack.registryUrl}/subjects`)).json()) as string[];
  for (const subject of subjects.filter((s) => s.startsWith(`${namespace}.`))) {
    await fetch(`${stack.registryUrl}/subjects/${encodeURIComponent(subject)}`, { method: 'DELETE' });
    await fetch(`${stack.registryUrl}/subjects/${encodeURIComponent(subject)}?permanent=true`, { method: 'DELETE' });
  }
}

const OUTPUT_ENTITIES = ['referring_practice', 'referring_dentist', 'provider', 'perio_chart', 'treatment_plan', 'clinical_note', 'clinical_flag', 'motivation_report', 'referral_letter', 'overflow_note'];
const outputTopics = (ns: string) => [topicNames(ns).patientNormalized, topicNames(ns).dataQualityIssues, ...OUTPUT_ENTITIES.map((e) => topicNames(ns).recordNormalized(e))];

describe('normalizer over a generated practice', { timeout: 600_000 }, () => {
  const { items, final } = changes();
  const runs: Run[] = [];
  let outputs: Array<Array<{ topic: string; key: string; value: Buffer }>> = [];
  let records: RecordNormalized[] = [];
  let issues: DataQualityIssueRaised[] = [];
  let latest = new Map<string, RecordNormalized>();

  before(async () => {
    // One after the other: two transactional normalizers in one process at once overloaded the shared broker.
    runs.push(await startRun(items, false));
    runs.push(await startRun(items, true));
    outputs = await Promise.all(runs.map((r) => readToEnd(outputTopics(r.namespace))));
    const first = outputs[0]!;
    const ns = runs[0]!.namespace;
    records = await Promise.all(first.filter((r) => r.topic.startsWith(`${ns}.normalized.`) && r.topic !== topicNames(ns).patientNormalized).map((r) => serde.decode('RecordNormalized', r.value)));
    issues = await Promise.all(first.filter((r) => r.topic === topicNames(ns).dataQualityIssues).map((r) => serde.decode('DataQualityIssueRaised', r.value)));
    latest = new Map(records.map((r) => [r.recordKey, r]));
  });

  after(async () => {
    for (const run of runs) {
      for (const c of run.app.consumers) await c.stop();
      await run.app.stop?.();
      await cleanUp(run.namespace);
    }
  });

  const rowsOf = (entity: string) => [...final.values()].filter((r) => r.entity === entity);

  test('every chart arrives assembled from its exam, sites and teeth, as the generator wrote them', () => {
    const exams = rowsOf('perio_exam');
    assert.ok(exams.length > 5);
    for (const exam of exams) {
      const [loc, , examId] = exam.key.split(':');
      const chart = latest.get(`${loc}:perio_chart:${examId}`);
      assert.ok(chart, `chart of ${exam.key}`);
      if (exam.op === 'DELETE') {
        assert.equal(chart.operation, 'DELETE');
        continue;
      }
      const sites = rowsOf('perio_site').filter((s) => s.op === 'UPSERT' && s.key.startsWith(`${loc}:perio_site:${examId}|`));
      const teeth = rowsOf('perio_tooth').filter((t) => t.op === 'UPSERT' && t.key.startsWith(`${loc}:perio_tooth:${examId}|`));
      const probed = sites.filter((s) => s.fields['probingDepthMm'] !== null);
      const f = chart.fields!;
      assert.equal(f['sitesProbed'], probed.length, chart.recordKey);
      assert.equal(f['maxProbingDepthMm'], probed.length ? Math.max(...probed.map((s) => Number(s.fields['probingDepthMm']))) : null, chart.recordKey);
      assert.equal(String(f['toothNumbering']).toUpperCase(), String(exam.fields['toothNumbering'] ?? 'Universal').toUpperCase(), chart.recordKey);
      const labels = new Set([...sites, ...teeth].map((r) => String(r.fields['tooth'])));
      assert.equal(String(f['findings'] ?? '').split('\n').filter((l) => l !== '').length, labels.size, `${chart.recordKey}: one findings line per tooth`);
      assert.ok(!String(f['findings']).includes('unread'), `${chart.recordKey}: every generated tooth label is read`);
      assert.equal(f['diagnosis'], exam.fields['diagnosis'] ?? null, 'the clinician’s diagnosis, verbatim');
      assert.match(String(f['provisionalStage'] ?? 'none (provisional)'), /provisional/);
      assert.deepEqual({ ...chart.parents[0] }, { role: 'patient', entity: 'patient', recordKey: `${loc}:patient:${String(exam.fields['patientId'])}` });
    }
  });

  test('every plan arrives with its procedures; notes, flags, reports, providers and referrers one each', () => {
    for (const plan of rowsOf('treatment_plan')) {
      const [loc, , planId] = plan.key.split(':');
      const record = latest.get(`${loc}:treatment_plan:${planId}`);
      assert.ok(record, plan.key);
      const procedures = rowsOf('treatment_procedure').filter((p) => p.op === 'UPSERT' && p.key.startsWith(`${loc}:`) && String(p.fields['planId']) === planId);
      assert.equal(record.fields?.['procedureCount'], procedures.length, plan.key);
      for (const code of String(record.fields?.['cdtCodes'] ?? '').split(',').filter((c) => c !== '')) assert.match(code, /^D\d{4}$/, plan.key);
    }
    for (const entity of ['clinical_note', 'clinical_flag', 'motivation_report', 'referral_letter', 'provider', 'referring_practice', 'referring_dentist']) {
      const rows = rowsOf(entity);
      assert.ok(rows.length > 0, entity);
      for (const row of rows) {
        const record = latest.get(row.key);
        assert.ok(record, row.key);
        assert.equal(record.operation, row.op, row.key);
        if (entity === 'clinical_note' && row.op === 'UPSERT') assert.ok(!String(record.fields?.['body']).includes('\\rtf'), `${row.key}: RTF read`);
      }
    }
    assert.ok(!records.some((r) => r.entity === 'pms_bridge'), 'pms_bridge is never migrated');
    assert.ok(!records.some((r) => r.entity === 'letter_template'), 'letter templates are exported, not migrated');
  });

  test('planted dirt raises data-quality issues, without PHI', () => {
    const byKey = (key: string) => issues.filter((i) => i.recordKey === key).map((i) => i.rule);
    const truth = [...practiceTruth(spec)];
    const expectIssue = (dirt: string, rules: string[]) => {
      const planted = truth.filter((t) => t.dirt.includes(dirt as never));
      assert.ok(planted.length > 0, `${dirt} is planted in this practice`);
      for (const t of planted) assert.ok(byKey(`${t.database}:patient:${t.patientId}`).some((r) => rules.includes(r)), `${dirt} at ${t.database}:${t.patientId}`);
    };
    expectIssue('birth-date-sentinel', ['DATE_SENTINEL']);
    expectIssue('missing-last-name', ['LAST_NAME_PLACEHOLDER']);
    expectIssue('over-long-values', ['VALUE_TOO_LONG_MOVED_TO_NOTE', 'INVALID_EMAIL']);
    const mobilityIv = items.filter((c) => c.entity === 'perio_tooth' && c.fields?.['mobility'] === 'IV');
    assert.ok(mobilityIv.length > 0, 'mobility IV is planted');
    for (const row of mobilityIv) {
      assert.ok(byKey(`${row.locationId}:perio_chart:${String(row.fields!['examId'])}`).includes('MOBILITY_GRADE_IV_NOT_MILLER'), row.sourceKey);
    }
    assert.ok(records.some((r) => r.entity === 'overflow_note' && r.parents[0]?.entity === 'patient'), 'an over-long value moved to a note');
    const names = items.filter((c) => c.entity === 'patient').flatMap((c) => [c.fields?.['lastName'], c.fields?.['firstName'], c.fields?.['email']]).filter((n): n is string => typeof n === 'string' && n.trim().length >= 4);
    const text = JSON.stringify(issues);
    for (const name of names) assert.ok(!text.includes(name.trim()), 'no patient name or e-mail in an issue');
  });

  test('every normalized record carries the confirmed field map version (what the writer checks)', () => {
    const confirmed = mappingVersion(referenceMappingDocument());
    assert.ok(records.length > 100);
    assert.deepEqual([...new Set(records.map((r) => r.mappingVersion))], [confirmed]);
  });

  test('replaying the same input (the second run interrupted and restarted) yields byte-identical normalized events and issues', async () => {
    const strip = (b: Buffer) => b.subarray(5).toString('hex'); // schema-id prefix aside
    const views = outputs.map((out, i) => {
      const ns = runs[i]!.namespace;
      const local = (topic: string) => topic.slice(ns.length);
      const perKey = new Map<string, string[]>();
      const finalPerKey = new Map<string, string>();
      const issueSet = new Set<string>();
      for (const r of out) {
        const t = local(r.topic);
        if (t === '.quality.issues.v1') issueSet.add(strip(r.value));
        else if (t === '.normalized.perio_chart.v1' || t === '.normalized.treatment_plan.v1') finalPerKey.set(`${t}|${r.key}`, strip(r.value));
        else perKey.set(`${t}|${r.key}`, [...(perKey.get(`${t}|${r.key}`) ?? []), strip(r.value)]);
      }
      return { perKey, finalPerKey, issueSet };
    });
    const [a, b] = views as [(typeof views)[0], (typeof views)[0]];
    assert.ok(a.perKey.size > 100);
    assert.deepEqual(b.perKey, a.perKey, 'single-row records and patients: every event, per key, byte for byte');
    assert.deepEqual(b.finalPerKey, a.finalPerKey, 'charts and plans: the final event per key, byte for byte');
    // Chart/plan issues are raised when the rows first appear in an emitted chart; those in the final
    // charts exist in both runs with the same bytes.
    const finalIssueIds = new Set(records.filter((r) => latest.get(r.recordKey) === r).flatMap((r) => r.issues.map((i) => `${r.recordKey}|${i.code}|${i.field}`)));
    assert.ok(finalIssueIds.size > 0);
    const common = [...a.issueSet].filter((x) => b.issueSet.has(x));
    assert.ok(common.length >= finalIssueIds.size, 'the final records’ issues are raised identically in both runs');
    const patients = await Promise.all(outputs[0]!.filter((r) => r.topic === topicNames(runs[0]!.namespace).patientNormalized).map((r) => serde.decode('PatientNormalized', r.value)));
    assert.equal(patients.length, items.filter((c) => c.entity === 'patient').length);
    assert.ok(patients.every((p: PatientNormalized) => p.ssnToken === null));
  });
});

