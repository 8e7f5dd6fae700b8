import type { Command } from 'commander';
import { isRunning, startDetached, stopDetached, stackUp, type StackConfig } from '@panda2zoho/local-stack';
import { EventSerde } from '@panda2zoho/events';
import { createKafka } from '@panda2zoho/kafka';
import { confirmReferenceMapping } from '@panda2zoho/mapping';
import { createLogger } from '@panda2zoho/observability';
import { locationDatabase } from '@panda2zoho/synthetic-practice';
import { LOCAL_PORTS, REPO_ROOT, localPipelineSettings, localStackConfig, reconcilerUrl } from '../local-defaults.ts';
import { PIPELINE_SERVICES, serviceProcess, type PipelineService, type PipelineSettings } from '../pipeline-services.ts';
import { publishPractice } from './generate.ts';
import { fetchReconciliation, formatReconciliation } from './reconcile.ts';
import { printStatus } from './stack.ts';

async function waitFor(what: string, timeoutMs: number, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} not ready after ${Math.round(timeoutMs / 1000)} s (logs under .p2z/logs/)`);
}

const httpOk = (url: string) => async () => (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;

/** Starts the Zoho emulator and the five services in the background (no-op for those already running). */
export async function pipelineUp(
  cfg: StackConfig,
  databases: string[],
  log: (line: string) => void,
  options: { extraEnv?: PipelineSettings['extraEnv']; only?: readonly PipelineService[] } = {},
): Promise<void> {
  if (!isRunning(cfg, 'zoho-emulator')) {
    await startDetached(cfg, {
      name: 'zoho-emulator',
      command: process.execPath,
      args: ['packages/cli/bin/panda2zoho.mjs', 'zoho-emulator', '--port', String(LOCAL_PORTS.zohoEmulator), '--db', `${cfg.stateDir}/zoho-emulator.sqlite`],
      cwd: REPO_ROOT,
    });
  }
  await waitFor('zoho-emulator', 30_000, httpOk(`http://127.0.0.1:${LOCAL_PORTS.zohoEmulator}/__emulator/state`));
  log(`zoho-emulator  ready  http://127.0.0.1:${LOCAL_PORTS.zohoEmulator}`);
  const settings = { ...localPipelineSettings(cfg, databases), ...(options.extraEnv ? { extraEnv: options.extraEnv } : {}) };
  const services = options.only ?? PIPELINE_SERVICES;
  for (const service of services) {
    if (!isRunning(cfg, service)) await startDetached(cfg, serviceProcess(REPO_ROOT, service, settings));
  }
  for (const service of services) {
    const url = `http://127.0.0.1:${LOCAL_PORTS.services[service]}`;
    if (service === 'zoho-writer') {
      // Alive but not ready until a field map is confirmed: the writer writes nothing before that.
      await waitFor(service, 90_000, httpOk(`${url}/healthz`));
      const ready = await httpOk(`${url}/readyz`)().catch(() => false);
      log(`${service.padEnd(14)} ${ready ? 'ready  ' : 'waiting for a confirmed field map (npx panda2zoho map propose …, then map confirm)  '}${url}`);
      continue;
    }
    await waitFor(service, 90_000, httpOk(`${url}/readyz`));
    log(`${service.padEnd(14)} ready  ${url}`);
  }
}

/** The demo plays the operator: it proposes the reference field map and confirms it, so records may move. */
async function confirmDemoMapping(cfg: StackConfig): Promise<string> {
  const settings = localPipelineSettings(cfg, []);
  const kafka = createKafka({ brokers: settings.brokers, clientId: 'p2z-demo' }, createLogger({ service: 'cli', level: 'warn' }));
  return confirmReferenceMapping({ kafka, serde: new EventSerde(settings.registryUrl), namespace: settings.namespace, actor: { name: 'demo', via: 'cli' } });
}

export function registerPipelineCommands(program: Command): void {
  const pipeline = program.command('pipeline').description('the five services and the Zoho emulator, as background processes');
  pipeline
    .command('up')
    .description('start the Zoho emulator and the five services in the background (the writer waits for a confirmed field map)')
    .option('--locations <n>', 'PANDA databases to capture (PANDA_LOC01…)', '2')
    .action(async (opts: { locations: string }) => {
      const cfg = localStackConfig();
      await stackUp(cfg, console.log);
      await pipelineUp(cfg, Array.from({ length: Number(opts.locations) }, (_, i) => locationDatabase(i)), console.log);
    });
  pipeline.command('down').description('stop the five services and the Zoho emulator').action(async () => {
    const cfg = localStackConfig();
    for (const name of [...PIPELINE_SERVICES, 'zoho-emulator']) if (await stopDetached(cfg, name)) console.log(`${name}: stopped`);
  });

  program
    .command('demo')
    .description('the embedded default: local stack + generated practice + Zoho emulator, migrated and reconciled (npm start)')
    .option('--locations <n>', 'practice locations', '2')
    .option('--patients <n>', 'patients per location', '25')
    .option('--seed <n>', 'random seed', '1')
    .action(async (opts: { locations: string; patients: string; seed: string }) => {
      const cfg = localStackConfig();
      const spec = { locations: Number(opts.locations), patients: Number(opts.patients), seed: Number(opts.seed) };
      console.log('Starting the local stack (first run fetches Kafka and Apicurio from Maven Central)…');
      printStatus(await stackUp(cfg, console.log));
      const version = await confirmDemoMapping(cfg);
      console.log(`Field map: proposed from the reference PANDA schema and confirmed as "demo" (${version.slice(0, 19)}…). A real migration runs \`map propose\` and a person confirms it.`);
      await pipelineUp(cfg, Array.from({ length: spec.locations }, (_, i) => locationDatabase(i)), console.log);
      const settings = localPipelineSettings(cfg, []);
      const published = await publishPractice(spec, { brokers: settings.brokers, registryUrl: settings.registryUrl, prefix: settings.debeziumPrefix });
      const patients = published.get('patient') ?? 0;
      const rows = [...published.values()].reduce((a, b) => a + b, 0);
      console.log(`Generated practice: ${patients} patients across ${spec.locations} location(s) with their charts, plans, notes, flags, reports, letters and referrers — ${rows.toLocaleString('en-US')} source rows (seed ${spec.seed}), published as Debezium events.`);
      // A reconciled entity counts the rows of its source entity (a chart: its exams; sites and teeth are parts of it).
      const expected = (entity: string) => published.get(entity === 'perio_chart' ? 'perio_exam' : entity) ?? 0;
      let report = await fetchReconciliation(reconcilerUrl());
      const deadline = Date.now() + 300_000;
      // Done when the reconciler has seen every published row and Zoho matches, or a record failed.
      const settled = () =>
        report.entities.some((e) => e.deadLettered > 0) || (report.entities.length > 0 && report.entities.every((e) => e.match && e.source >= expected(e.entity)));
      while (!settled() && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 1000));
        report = await fetchReconciliation(reconcilerUrl());
      }
      console.log(`\n${formatReconciliation(report)}\n`);
      console.log('The stack and services keep running: `npx panda2zoho reconcile --json`, `npx panda2zoho stack status`, `npx panda2zoho stack down`.');
      if (!report.entities.every((e) => e.match)) {
        process.exitCode = 1;
        console.error('Reconciliation does not match yet: see .p2z/logs/ and the dead-letter topics.');
      }
    });
}
