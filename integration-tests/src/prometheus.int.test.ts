import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AssignerProtocol } from 'kafkajs';
import type { PandaPatientRow } from '@panda2zoho/synthetic-practice';
import { PIPELINE_SERVICES } from 'panda2zoho';
import { prometheusTool, startPrometheus, type RunningPrometheus } from './harness/prometheus-server.ts';
import { REPO_ROOT, eventually } from './harness/test-stack.ts';
import { startTestPipeline, type TestPipeline } from './harness/test-pipeline.ts';
import { contacts } from './harness/zoho-contacts.ts';

// A real Prometheus (the Debian package; .ci/run installs it) scrapes the five services while a few
// hundred patients flow through, and the kafka_exporter-style lag reaches exactly 0 once they drained.
const PATIENTS = 300;
const DAY = 86_400_000;
const RULES = path.join(REPO_ROOT, 'deploy/prometheus/rules/panda2zoho.yml');

function patient(id: number): PandaPatientRow {
  return {
    PatientID: id,
    ChartNumber: `PM-${id}`,
    FirstName: `Given${id}`,
    MiddleName: null,
    LastName: `Family${id}`,
    PreferredName: null,
    BirthDate: Math.floor(Date.UTC(1950 + (id % 50), id % 12, 1 + (id % 28)) / DAY),
    Sex: id % 2 ? 'F' : 'M',
    // Every tenth address is invalid: a data-quality issue, not a dead letter.
    Email: id % 10 === 0 ? 'not-an-address' : `patient${id}@example.com`,
    HomePhone: '(217) 555-0199',
    CellPhone: null,
    WorkPhone: null,
    Address1: `${id} Elm St`,
    Address2: null,
    City: 'SPRINGFIELD',
    State: 'IL',
    Zip: '62701',
    Country: 'US',
    Status: 'Active',
    CreatedAt: Date.UTC(2019, 2, 5, 14, 30),
    ModifiedAt: Date.UTC(2024, 0, 2, 9, 0),
  };
}

/** The ground truth for "which partitions does each group consume": the broker's own assignment. */
async function assignedPartitions(p: TestPipeline, groups: string[]): Promise<Map<string, Set<string>>> {
  const admin = p.kafka.admin();
  await admin.connect();
  try {
    const { groups: described } = await admin.describeGroups(groups);
    return new Map(
      described.map((g) => [
        g.groupId,
        new Set(
          g.members.flatMap((m) => {
            const decoded = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
            return Object.entries(decoded?.assignment ?? {}).flatMap(([topic, partitions]) => partitions.map((partition) => `${topic}/${partition}`));
          }),
        ),
      ]),
    );
  } finally {
    await admin.disconnect();
  }
}

describe('Prometheus scrapes the running pipeline', { timeout: 600_000 }, () => {
  let p: TestPipeline;
  let prometheus: RunningPrometheus;
  const saved = { poll: process.env['P2Z_LAG_POLL_MS'], credits: process.env['ZOHO_CREDITS_PER_DAY'] };

  before(async () => {
    prometheusTool('prometheus'); // fail first, with the install hint, when it is missing
    // The service processes inherit these: lag polled every second, and the emulator's default budget
    // (enterprise, 10 users) as the configured one, so p2z_zoho_credits_daily_limit is exported.
    process.env['P2Z_LAG_POLL_MS'] = '1000';
    process.env['ZOHO_CREDITS_PER_DAY'] = '60000';
    p = await startTestPipeline();
    const port = (service: string) => new URL(p.urlOf(service as (typeof PIPELINE_SERVICES)[number])).host;
    prometheus = await startPrometheus({ jobs: Object.fromEntries(PIPELINE_SERVICES.map((s) => [s, [port(s)]])), ruleFiles: [RULES] });
  });

  after(async () => {
    await prometheus?.stop();
    await p?.stop();
    for (const [name, value] of [['P2Z_LAG_POLL_MS', saved.poll], ['ZOHO_CREDITS_PER_DAY', saved.credits]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  test('the alert rules and prometheus.yml pass promtool, and the rules unit tests pass', () => {
    const promtool = prometheusTool('promtool');
    for (const args of [
      ['check', 'config', '--syntax-only', path.join(REPO_ROOT, 'deploy/prometheus/prometheus.yml')],
      ['check', 'rules', RULES],
      ['test', 'rules', path.join(REPO_ROOT, 'deploy/prometheus/tests/panda2zoho.test.yml')],
    ]) {
      const result = spawnSync(promtool, args, { encoding: 'utf8' });
      assert.equal(result.status, 0, `promtool ${args.join(' ')}\n${result.stdout}${result.stderr}`);
    }
  });

  test(`kafka_consumergroup_lag has a series for every consumed partition and sums to 0 once ${PATIENTS} patients drained`, async () => {
    const ns = p.namespace;
    const producer = p.kafka.producer();
    await producer.connect();
    await producer.send({ topic: p.debezium.topicOf('PANDA_LOC02'), messages: [{ key: 'bad', value: Buffer.from('not a Debezium record') }] });
    await producer.disconnect();
    // A slow Zoho (4 s per call) holds the writer back, so lag builds up however fast the rest runs:
    // the "lag above 0" observation below does not depend on timing luck.
    const setZohoLatency = (latencyMs: number) =>
      fetch(`${p.emulator.url}/__emulator/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ latencyMs }) });
    await setZohoLatency(4000);
    const rows = Array.from({ length: PATIENTS }, (_, i) => patient(1000 + i));
    for (let i = 0; i < rows.length; i += 50) {
      await p.debezium.send(rows.slice(i, i + 50).map((row, j) => ({ database: (i + j) % 2 ? 'PANDA_LOC02' : 'PANDA_LOC01', op: 'c' as const, before: null, after: row })));
    }
    const lagNow = `sum(max by (consumergroup, topic, partition) (kafka_consumergroup_lag{consumergroup=~"${p.namespace}\\\\..+"}))`;
    await eventually('kafka_consumergroup_lag above 0 while Zoho is slow', async () => Number((await prometheus.query(lagNow))[0]?.value[1] ?? 0) > 0, 120_000);
    await setZohoLatency(0);
    await eventually(`${PATIENTS} Contacts in Zoho\n${p.logs()}`, async () => contacts(p.emulator).length >= PATIENTS, 300_000);

    const groups = [`${ns}.extractor`, `${ns}.normalizer`, `${ns}.deduper`, `${ns}.zoho-writer`, `${ns}.reconciler.reconciler-0`];
    const assigned = await assignedPartitions(p, groups);
    const lagOf = `max by (consumergroup, topic, partition) (kafka_consumergroup_lag{consumergroup=~"${ns}\\\\..+"})`;
    const series = await eventually('a lag series for every assigned partition', async () => {
      const result = await prometheus.query(lagOf);
      const seen = new Map<string, Set<string>>();
      for (const r of result) {
        const g = r.metric['consumergroup']!;
        seen.set(g, (seen.get(g) ?? new Set()).add(`${r.metric['topic']}/${r.metric['partition']}`));
      }
      return groups.every((g) => [...(assigned.get(g) ?? [])].every((tp) => seen.get(g)?.has(tp))) ? seen : undefined;
    });
    for (const g of groups) assert.ok((assigned.get(g)?.size ?? 0) > 0, `${g} has assigned partitions`);
    assert.ok([...(series.get(`${ns}.reconciler.reconciler-0`) ?? [])].some((tp) => tp.startsWith(`${ns}.dlq.`)), 'the reconciler reports its dead-letter topics too');

    // Drained: every group committed (or, for the reconciler, read) past the last record and marker.
    const total = `sum(${lagOf})`;
    await eventually(`sum of kafka_consumergroup_lag to reach 0\n${prometheus.logs()}`, async () => {
      const [sample] = await prometheus.query(total);
      return sample !== undefined && Number(sample.value[1]) === 0;
    }, 60_000);
    const perGroup = await prometheus.query(`sum by (consumergroup) (${lagOf})`);
    const lagByGroup = new Map(perGroup.map((r) => [r.metric['consumergroup'], Number(r.value[1])]));
    for (const g of groups) assert.equal(lagByGroup.get(g), 0, `${g} drained`);
    assert.deepEqual([...lagByGroup.values()].filter((v) => v !== 0), [], 'every group, the writer parked and compensation groups too, at 0');
    const [peak] = await prometheus.query(`max_over_time(${total}[10m:1s])`);
    assert.ok(Number(peak?.value[1]) > 0, 'the lag was above 0 while the patients flowed');
    const seconds = await prometheus.query(`max(kafka_consumergroup_lag_seconds{consumergroup=~"${ns}\\\\..+"})`);
    assert.equal(Number(seconds[0]?.value[1]), 0, 'lag in seconds is 0 once drained');
  });

  test('records, dead letters, data-quality issues and Zoho calls are counted by stage, entity and outcome', async () => {
    const value = async (expr: string) => Number((await prometheus.query(expr))[0]?.value[1] ?? Number.NaN);
    await eventually('the last scrape to include the drained counters', async () => (await value('sum(p2z_records_out_total{service="zoho-writer"})')) >= PATIENTS);
    assert.equal(await value('sum(p2z_records_in_total{service="extractor",entity="patient"})'), PATIENTS + 1);
    assert.equal(await value('sum(p2z_records_out_total{service="extractor",outcome="ok"})'), PATIENTS);
    assert.equal(await value('sum(p2z_dead_letters_total{service="extractor",entity="patient",code="UNDECODABLE"})'), 1);
    assert.equal(await value('sum(p2z_data_quality_issues_total{service="normalizer",code="INVALID_EMAIL",field="email"})'), PATIENTS / 10);
    const upserts = await value('sum(p2z_zoho_requests_total{service="zoho-writer",endpoint="/crm/v8/{module}/upsert",status=~"2.."})');
    assert.ok(upserts > 0, `successful upserts counted: ${upserts}`);
    const credits = await value('sum(p2z_zoho_credits_used_total{service="zoho-writer"})');
    assert.ok(credits >= PATIENTS / 10, `credits used: ${credits}`);
    assert.equal(await value('p2z_zoho_concurrency_in_use{service="zoho-writer"}'), 0);
    assert.equal(await value('p2z_zoho_parked_children{service="zoho-writer"}'), 0);
    assert.equal(await value('p2z_zoho_credits_daily_limit{service="zoho-writer"}'), 60_000);
    const aged = await value('sum(p2z_record_age_seconds_count{stage="zoho-writer"})');
    assert.ok(aged >= PATIENTS, `record ages observed by the writer: ${aged}`);
    assert.equal(await value(`count(up{job=~"${PIPELINE_SERVICES.join('|')}"} == 1)`), PIPELINE_SERVICES.length);
  });

  test('no label value carries patient data', async () => {
    const labels = (await prometheus.get('/api/v1/labels')) as string[];
    const values = (await Promise.all(labels.map((l) => prometheus.get(`/api/v1/label/${encodeURIComponent(l)}/values`)))).flat() as string[];
    const leaked = values.filter((v) => /Family\d|Given\d|PM-\d|@example\.com|Elm St|\d{10,}/.test(v));
    assert.deepEqual(leaked, []);
  });

  test('every dashboard query and alert rule is valid PromQL over metrics these services export', async () => {
    const dashboard = JSON.parse(readFileSync(path.join(REPO_ROOT, 'deploy/grafana/dashboards/panda2zoho-pipeline.json'), 'utf8')) as { panels: Array<{ targets?: Array<{ expr: string }> }> };
    const exprs = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((t) => t.expr.replaceAll('$__rate_interval', '1m')));
    const rules = (await prometheus.get('/api/v1/rules')) as { groups: Array<{ rules: Array<{ name: string; query: string; health: string; lastError?: string }> }> };
    const loaded = rules.groups.flatMap((g) => g.rules);
    assert.equal(loaded.length, 8, 'every rule of deploy/prometheus/rules was loaded');
    await eventually('every rule evaluated without error', async () => {
      const now = ((await prometheus.get('/api/v1/rules')) as typeof rules).groups.flatMap((g) => g.rules);
      return now.every((r) => r.health === 'ok') || undefined;
    }, 30_000);

    const exported = new Set((await prometheus.get('/api/v1/label/__name__/values')) as string[]);
    // Present only in some states, and unit-tested instead (zoho-client-metrics, lag-monitor).
    const conditional = new Set(['p2z_zoho_credits_remaining', 'p2z_lag_poll_errors_total']);
    for (const expr of [...exprs, ...loaded.map((r) => r.query)]) {
      await prometheus.query(expr); // throws on a PromQL error
      for (const [name] of expr.matchAll(/\b(?:p2z|kafka)_[a-z0-9_]+\b|\bup\b/g)) {
        if (!conditional.has(name)) assert.ok(exported.has(name), `${name} (in "${expr}") is not exported by any service`);
      }
    }
  });
});
