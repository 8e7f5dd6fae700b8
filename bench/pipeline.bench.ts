// End-to-end: a generated multi-location practice is put on the Debezium topics first (a backlog), then
// the five services start as their own processes against the local Kafka + registry and a Zoho emulator
// with no added latency. Measured: time to drain the backlog (first service start → every stage's lag 0),
// end-to-end source rows/s, per-stage records/s, each service's peak RSS (VmHWM), Zoho calls and credits.
// Sizes: P2Z_BENCH_ROWS (default "100000,1000000"), P2Z_BENCH_LOCATIONS (default 5).
// Needs the local stack: `npx panda2zoho stack up` (started here when it is not running).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { EventSerde } from '@panda2zoho/events';
import { confirmReferenceMapping } from '@panda2zoho/mapping';
import { createKafka } from '@panda2zoho/kafka';
import { kafkaBrokers, registryUrl, stackConfigFromEnv } from '@panda2zoho/local-stack';
import { createLogger } from '@panda2zoho/observability';
import { DEMO_DIRT, DebeziumProducer, generatePractice, locationDatabase, type PracticeSpec } from '@panda2zoho/synthetic-practice';
import { DEFAULT_CLIENT, startZohoEmulator } from '@panda2zoho/zoho-emulator';
import { PIPELINE_SERVICES, serviceProcess, type PipelineService, type PipelineSettings } from 'panda2zoho';
import { machine, writeBenchResult } from './bench-report.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SIZES = (process.env['P2Z_BENCH_ROWS'] ?? '100000,1000000').split(',').map(Number);
const LOCATIONS = Number(process.env['P2Z_BENCH_LOCATIONS'] ?? 5);
/** Source rows per generated patient with every table (≈ 576, 85 % per-site perio measurements). */
const ROWS_PER_PATIENT = 576;
const STALL_LIMIT_MS = Number(process.env['P2Z_BENCH_STALL_MS'] ?? 600_000);

const cfg = stackConfigFromEnv(ROOT);
const status = spawnSync(process.execPath, ['packages/cli/bin/panda2zoho.mjs', 'stack', 'status'], { cwd: ROOT, encoding: 'utf8' });
if (!/kafka\s+ready/.test(status.stdout) || !/registry\s+ready/.test(status.stdout)) {
  console.log('starting the local stack');
  if (spawnSync(process.execPath, ['packages/cli/bin/panda2zoho.mjs', 'stack', 'up'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);
}
const brokers = kafkaBrokers(cfg);
const registry = registryUrl(cfg);
const logger = createLogger({ service: 'bench', level: 'warn' });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sum of a counter/gauge family in a Prometheus text exposition (optionally filtered by a label substring). */
function metricSum(text: string, name: string, labelFilter?: RegExp): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || line.startsWith('#')) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== '{' && rest[0] !== ' ') continue;
    if (labelFilter && !labelFilter.test(line)) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1)) || 0;
  }
  return sum;
}

function peakRssMiB(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 102.4) / 10 : null;
  } catch {
    return null;
  }
}

interface StageResult {
  recordsIn: number;
  drainedAfterSeconds: number | null;
  recordsPerSecond: number | null;
  peakRssMiB: number | null;
}

async function runSize(targetRows: number): Promise<Record<string, unknown>> {
  const patientsPerLocation = Math.max(1, Math.round(targetRows / ROWS_PER_PATIENT / LOCATIONS));
  const spec: PracticeSpec = { locations: LOCATIONS, patients: patientsPerLocation, seed: 42, dirt: DEMO_DIRT };
  const run = `bench${Date.now().toString(36)}`;
  const namespace = `${run}ns`;
  const prefix = `${run}pd`;
  const databases = Array.from({ length: LOCATIONS }, (_, i) => locationDatabase(i));
  console.log(`› ${targetRows.toLocaleString('en-US')} rows target: ${LOCATIONS} locations × ${patientsPerLocation} patients (namespace ${namespace})`);

  const emulator = await startZohoEmulator({ clients: [DEFAULT_CLIENT], edition: 'ultimate' });
  const kafka = createKafka({ brokers, clientId: run }, logger);
  const serde = new EventSerde(registry);
  const producer = new DebeziumProducer(kafka, serde, prefix);
  await producer.start(databases);
  const produceStarted = Date.now();
  const sourceRows = await producer.publish(generatePractice(spec));
  await producer.stop();
  const produceSeconds = (Date.now() - produceStarted) / 1000;
  console.log(`  backlog: ${sourceRows.toLocaleString('en-US')} Debezium records in ${produceSeconds.toFixed(1)} s`);

  const ports = Object.fromEntries(await Promise.all(PIPELINE_SERVICES.map(async (s) => [s, await freePort()] as const))) as Record<PipelineService, number>;
  const settings: PipelineSettings = {
    brokers,
    registryUrl: registry,
    namespace,
    debeziumPrefix: prefix,
    databases,
    zoho: { accountsUrl: emulator.url, ...DEFAULT_CLIENT },
    dedupeSecret: 'bench-dedupe-secret',
    httpPorts: ports,
    logLevel: 'warn',
  };
  await confirmReferenceMapping({ kafka, serde, namespace, actor: { name: 'benchmark', via: 'cli' } });
  const children = new Map<PipelineService, ChildProcess>();
  const launched = Date.now();
  for (const s of PIPELINE_SERVICES) {
    const spec = serviceProcess(ROOT, s, settings);
    children.set(s, spawn(spec.command, spec.args, { cwd: spec.cwd, env: { ...process.env, ...spec.env }, stdio: ['ignore', 'ignore', 'inherit'] }));
  }
  // The clock starts when the extractor is ready (it consumes from then on): process start-up is not throughput.
  for (;;) {
    const ready = await fetch(`http://127.0.0.1:${ports.extractor}/readyz`).then((r) => r.ok).catch(() => false);
    if (ready) break;
    if (children.get('extractor')!.exitCode !== null) throw new Error('the extractor exited during start-up');
    await sleep(100);
  }
  const started = Date.now();
  const startupSeconds = (started - launched) / 1000;

  const scrape = async (s: PipelineService) => {
    try {
      return await (await fetch(`http://127.0.0.1:${ports[s]}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
    } catch {
      return undefined;
    }
  };
  const drained = new Map<PipelineService, number>();
  const recordsIn = new Map<PipelineService, number>();
  const committing = PIPELINE_SERVICES.filter((s) => s !== 'reconciler');
  let lastProgress = Date.now();
  let lastTotal = -1;
  for (;;) {
    await sleep(1_000);
    for (const [s, child] of children) if (child.exitCode !== null) throw new Error(`${s} exited with ${child.exitCode} during the benchmark`);
    let total = 0;
    for (const [i, s] of committing.entries()) {
      const text = await scrape(s);
      if (text === undefined) continue;
      const consumed = metricSum(text, 'p2z_records_in_total');
      recordsIn.set(s, consumed);
      total += consumed;
      const lag = metricSum(text, 'kafka_consumergroup_lag');
      const upstreamDone = i === 0 || drained.has(committing[i - 1]!);
      if (!drained.has(s) && upstreamDone && consumed > 0 && lag === 0) drained.set(s, (Date.now() - started) / 1000);
      if (drained.has(s) && lag > 0) drained.delete(s);
    }
    if (total !== lastTotal) {
      lastTotal = total;
      lastProgress = Date.now();
    }
    if (committing.every((s) => drained.has(s))) break;
    if (Date.now() - lastProgress > STALL_LIMIT_MS) throw new Error(`no progress for ${STALL_LIMIT_MS / 1000} s: ${JSON.stringify(Object.fromEntries(recordsIn))}`);
  }
  const seconds = (Date.now() - started) / 1000;
  const state = emulator.exportState();
  const stages: Record<string, StageResult> = {};
  for (const s of PIPELINE_SERVICES) {
    const at = drained.get(s) ?? null;
    const consumed = recordsIn.get(s) ?? 0;
    stages[s] = { recordsIn: consumed, drainedAfterSeconds: at, recordsPerSecond: at ? Math.round(consumed / at) : null, peakRssMiB: peakRssMiB(children.get(s)?.pid) };
  }
  for (const child of children.values()) child.kill('SIGTERM');
  await Promise.all([...children.values()].map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.once('exit', resolve)))));
  const zohoRecords = Object.values(state.modules).reduce((n, m) => n + m.records.length, 0) + state.attachments.length;
  const result = {
    targetRows,
    sourceRows,
    locations: LOCATIONS,
    patients: LOCATIONS * patientsPerLocation,
    backlogProduceSeconds: Math.round(produceSeconds * 10) / 10,
    serviceStartupSeconds: Math.round(startupSeconds * 10) / 10,
    drainSeconds: Math.round(seconds * 10) / 10,
    endToEndRowsPerSecond: Math.round(sourceRows / seconds),
    stages,
    zoho: { records: zohoRecords, apiWrites: state.writes.length, creditsUsed: state.credits.used },
  };
  console.log(`  drained in ${result.drainSeconds} s = ${result.endToEndRowsPerSecond.toLocaleString('en-US')} source rows/s; ${zohoRecords} Zoho records`);
  for (const [s, r] of Object.entries(stages)) console.log(`    ${s}: ${r.recordsIn} in, drained at ${r.drainedAfterSeconds ?? '—'} s, peak RSS ${r.peakRssMiB ?? '?'} MiB`);

  await emulator.close();
  const admin = kafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${namespace}.`) || t.startsWith(`${prefix}.`));
  if (topics.length > 0) await admin.deleteTopics({ topics });
  await admin.disconnect();
  return result;
}

const runs: Array<Record<string, unknown>> = [];
for (const size of SIZES) runs.push(await runSize(size));
const file = writeBenchResult('pipeline', { machineNote: machine(), runs });
console.log(`wrote ${file}`);
