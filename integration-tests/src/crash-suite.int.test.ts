import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { kafkaDown, kafkaUp, type StackConfig } from '@panda2zoho/local-stack';
import { DEMO_DIRT, DebeziumProducer, generatePractice, locationDatabase, seededRandom, type PracticeRow } from '@panda2zoho/synthetic-practice';
import { PIPELINE_SERVICES, fetchReconciliation, reconciliationJson, type PipelineService } from 'panda2zoho';
import { freePort } from './harness/free-port.ts';
import { REPO_ROOT, eventually } from './harness/test-stack.ts';
import { startTestPipeline, type TestPipeline } from './harness/test-pipeline.ts';

// The claim "nothing lost, nothing duplicated" under the failures a real cutover meets: every service
// killed with SIGKILL at random moments (each at least once, 10+ kills), the Kafka broker restarted once,
// and Zoho answering 429s, 5xxs and timeouts, while a generated multi-location practice (every table:
// patients, referrers, perio exams with sites and teeth, plans, notes, flags, reports, letters) is
// migrated. End state: reconciliation equal for every entity (source = written = in Zoho, fields equal)
// and no record in Zoho twice. The broker is private to this test (own ports and data), so restarting it
// disturbs no other suite; the schema registry is the shared one.
const LOCATION_COUNT = 3;
const LOCATIONS = Array.from({ length: LOCATION_COUNT }, (_, i) => locationDatabase(i));
/** Patients per location (the benchmark runs the large practices). */
const PATIENTS = Number(process.env['P2Z_CRASH_PATIENTS'] ?? 10);
const KILLS = Number(process.env['P2Z_CRASH_KILLS'] ?? 12);
const SEED = Number(process.env['P2Z_CRASH_SEED'] ?? 20261126);
/** Zoho modules with a PANDA key field: a key seen twice is a duplicate. Notes and attachments are counted by the reconciler. */
const KEYED_MODULES: Record<string, string> = {
  Contacts: 'PANDA_Patient_Key',
  Accounts: 'PANDA_Account_Key',
  PANDA_Charting: 'PANDA_Chart_Key',
  Deals: 'PANDA_Deal_Key',
  Tasks: 'PANDA_Task_Key',
};

interface Reconciled {
  match: boolean;
  entities: Record<string, { source: number; written: number; zoho: number; match: boolean }>;
}

// On by default (CI runs it: about 6 minutes on 2 cores). P2Z_CRASH_SUITE=0 skips it for a quick local run.
// What made it pass (2026-11-26): the injected Zoho timeouts cost the client's 60 s default each, which left
// the writer far behind (ZOHO_TIMEOUT_MS=5000 here), and a service reading end offsets right after the broker
// restart died on NOT_LEADER_FOR_PARTITION (now waited out). CONCURRENT_TRANSACTIONS after the restart is
// retried by the consumer runtime and clears within seconds.
const ENABLED = process.env['P2Z_CRASH_SUITE'] !== '0';

describe('crash suite: kill -9 every service, restart the broker, Zoho faults — every record in Zoho exactly once', { timeout: 900_000, skip: ENABLED ? false : 'P2Z_CRASH_SUITE=0' }, () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'p2z-crash-'));
  let kafka: StackConfig;
  let p: TestPipeline;
  let source: DebeziumProducer;
  const log = (line: string) => process.stdout.write(`# crash-suite ${line}\n`);

  before(async () => {
    const kafkaPort = await freePort();
    let controller = await freePort();
    while (controller === kafkaPort) controller = await freePort();
    kafka = { repoRoot: REPO_ROOT, stateDir, kafkaPort, controllerPort: controller, registryPort: 0, javaHeap: { kafka: '384m', registry: '0' } };
    await kafkaUp(kafka, log);
    p = await startTestPipeline({
      databases: LOCATIONS,
      brokers: [`127.0.0.1:${kafkaPort}`],
      // The emulator's injected timeouts never answer: give up on a call after 5 s (not the default 60 s) so
      // that 1 % of calls timing out costs seconds, as the client's retry is what is under test, not the wait.
      serviceEnv: { ZOHO_TIMEOUT_MS: '5000' },
      ...(process.env['P2Z_CRASH_LOGDIR'] ? { logDir: process.env['P2Z_CRASH_LOGDIR'] } : {}),
    });
    // Zoho misbehaves during the migration (after the writer provisioned the org at start).
    const faults = await fetch(`${p.emulator.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rate429: 0.1, rate5xx: 0.05, timeoutRate: 0.01, latencyMs: 5, seed: SEED }),
    });
    assert.equal(faults.ok, true, 'the emulator accepted the fault configuration');
    source = new DebeziumProducer(p.kafka, p.serde, p.prefix);
    await source.start(LOCATIONS);
  });

  after(async () => {
    await source?.stop().catch(() => undefined);
    await p?.stop().catch((error: unknown) => log(`pipeline stop: ${String(error)}`));
    await kafkaDown(kafka, log).catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  });

  test(`a ${LOCATION_COUNT}-location practice (${PATIENTS} patients each, every table) through ${KILLS} SIGKILLs and a broker restart`, async () => {
    const random = seededRandom(SEED);
    // The demo's dirt: messy values, but every record is one Zoho can take (no dead letters to discount).
    const rows: PracticeRow[] = [...generatePractice({ locations: LOCATION_COUNT, patients: PATIENTS, seed: SEED, dirt: DEMO_DIRT })];
    // The reconciler counts a perio exam's sites and teeth into its chart.
    const sourceEntity = (entity: string) => (entity === 'perio_chart' ? 'perio_exam' : entity);
    const expected = (entity: string) => rows.filter((r) => r.table.entity === sourceEntity(entity)).length;
    log(`${rows.length} source rows`);

    // Kill schedule: every service once, then random ones, shuffled; the broker restart in the middle.
    const victims: PipelineService[] = [...PIPELINE_SERVICES];
    while (victims.length < KILLS) victims.push(PIPELINE_SERVICES[Math.floor(random() * PIPELINE_SERVICES.length)]!);
    for (let i = victims.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [victims[i], victims[j]] = [victims[j]!, victims[i]!];
    }
    const brokerRestartAt = Math.floor(victims.length / 2);

    // As compose's `restart: unless-stopped` would: whatever is down is started again, killed or not.
    const restarting = new Set<PipelineService>();
    let supervising = true;
    const supervisor = (async () => {
      while (supervising) {
        for (const s of PIPELINE_SERVICES) {
          if (restarting.has(s) || p.services.get(s)?.running) continue;
          restarting.add(s);
          log(`supervisor: starting ${s} again`);
          void p
            .restart(s)
            .catch((error: unknown) => log(`supervisor: ${s} did not come back yet: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`))
            .finally(() => restarting.delete(s));
        }
        await sleep(500);
      }
    })();

    let report: Reconciled | undefined;
    let killed = 0;
    try {
      // The source keeps producing while the chaos runs: batches interleaved with kills.
      const batches = victims.length + 1;
      const perBatch = Math.ceil(rows.length / batches);
      for (let b = 0; b < batches; b++) {
        const batch = rows.slice(b * perBatch, (b + 1) * perBatch);
        if (batch.length > 0) await source.publish(batch);
        const victim = victims[b];
        if (!victim) continue;
        await sleep(300 + Math.floor(random() * 1_500));
        await eventually(`${victim} running before its kill`, async () => p.services.get(victim)?.running && !restarting.has(victim), 120_000);
        const service = p.services.get(victim)!;
        log(`kill -9 ${victim} (pid ${service.pid})`);
        await service.stop('SIGKILL');
        killed++;
        if (b === brokerRestartAt) {
          log('restarting the Kafka broker');
          await kafkaDown(kafka, log);
          await sleep(1_000);
          await kafkaUp(kafka, log);
        }
      }
      assert.ok(killed >= 10 && new Set(victims).size === PIPELINE_SERVICES.length, 'at least 10 kills, every service at least once');

      // Zoho keeps failing now and then, the pipeline keeps retrying: wait until the reconciler (what
      // `panda2zoho reconcile --json` prints) sees every source row and every entity matching.
      report = await eventually(
        () => `every entity reconciled\nlast reconciliation: ${JSON.stringify(report?.entities)}\n${p.logs()}`,
        async () => {
          report = reconciliationJson(await fetchReconciliation(p.urlOf('reconciler'))) as unknown as Reconciled;
          const complete = Object.entries(report.entities).every(([entity, row]) => row.source === expected(entity));
          return report.match && complete && Object.keys(report.entities).length > 0 ? report : undefined;
        },
        540_000,
      );
    } finally {
      // Also when an assertion failed: a supervisor left running would keep the test process (and
      // the services it restarts) alive after the suite has given up.
      supervising = false;
      await supervisor;
    }

    // Equal everywhere: source rows = records written = records in Zoho, per entity (the reconciler also
    // compared the fields of every record with what the writer sent).
    for (const entity of ['patient', 'referring_practice', 'referring_dentist', 'perio_chart', 'treatment_plan', 'clinical_note', 'clinical_flag', 'motivation_report']) {
      const row = report.entities[entity];
      assert.ok(row && row.zoho > 0 && row.match, `${entity} migrated and matching: ${JSON.stringify(row)}`);
    }
    // Exactly once: no PANDA key twice in any keyed module.
    const state = p.emulator.exportState();
    for (const [module, keyField] of Object.entries(KEYED_MODULES)) {
      const keys = (state.modules[module]?.records ?? []).map((r) => r[keyField]).filter((k): k is string => typeof k === 'string' && k.length > 0);
      const duplicates = keys.filter((k, i) => keys.indexOf(k) !== i);
      assert.deepEqual(duplicates, [], `no ${module} record written twice`);
    }
    log(`${Object.entries(report.entities).map(([e, r]) => `${e} ${r.zoho}`).join(', ')}; ${killed} kills, ${state.writes.length} Zoho writes`);
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
