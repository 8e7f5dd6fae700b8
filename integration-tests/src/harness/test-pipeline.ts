import path from 'node:path';
import type { Kafka } from 'kafkajs';
import { EventSerde } from '@panda2zoho/events';
import { confirmReferenceMapping } from '@panda2zoho/mapping';
import { createKafka } from '@panda2zoho/kafka';
import { createLogger } from '@panda2zoho/observability';
import { DebeziumPatientProducer } from '@panda2zoho/synthetic-practice';
import { DEFAULT_CLIENT, startZohoEmulator, type RunningZohoEmulator, type ZohoEmulatorOptions } from '@panda2zoho/zoho-emulator';
import { PIPELINE_SERVICES, serviceProcess, type PipelineService, type PipelineSettings } from 'panda2zoho';
import { freePort } from './free-port.ts';
import { RunningProcess } from './service-process.ts';
import { REPO_ROOT, eventually, testStack, uniqueName } from './test-stack.ts';

export interface TestPipeline {
  namespace: string;
  prefix: string;
  databases: string[];
  kafka: Kafka;
  serde: EventSerde;
  emulator: RunningZohoEmulator;
  debezium: DebeziumPatientProducer;
  services: Map<PipelineService, RunningProcess>;
  settings: PipelineSettings;
  urlOf(service: PipelineService): string;
  /** Starts a (stopped) service again, as a supervisor would after a crash. */
  restart(service: PipelineService): Promise<void>;
  /** Service output, for assertion messages. */
  logs(): string;
  stop(): Promise<void>;
}

/**
 * The whole pipeline against the real Kafka and registry: the five services as separate processes,
 * the Zoho emulator in process, and a Debezium stand-in. Topic names are unique to this pipeline and
 * deleted by stop().
 */
export interface TestPipelineOptions {
  databases?: string[];
  emulator?: ZohoEmulatorOptions;
  /** Services' log level (default P2Z_TEST_LOG_LEVEL or info). */
  logLevel?: string;
  /** Append each service's whole output to `<dir>/<service>.log`. */
  logDir?: string;
  /** Another Kafka than the shared test stack's (the crash suite's private broker); the registry stays shared. */
  brokers?: string[];
  /** Confirm the reference field map before the services start, as an operator would (default true). */
  confirmMapping?: boolean;
  /** Extra settings per service (a sample run: the extractor's scope file, the writer's run id). */
  env?: PipelineSettings['extraEnv'];
  /** Extra environment for every service (e.g. ZOHO_TIMEOUT_MS). */
  serviceEnv?: Record<string, string>;
}

export async function startTestPipeline(options: TestPipelineOptions = {}): Promise<TestPipeline> {
  const stack = { ...testStack(), ...(options.brokers ? { brokers: options.brokers } : {}) };
  const namespace = uniqueName('it');
  const prefix = uniqueName('pd');
  const databases = options.databases ?? ['PANDA_LOC01', 'PANDA_LOC02'];
  const emulator = await startZohoEmulator({ clients: [DEFAULT_CLIENT], ...options.emulator });
  const ports = Object.fromEntries(await Promise.all(PIPELINE_SERVICES.map(async (s) => [s, await freePort()] as const))) as Record<PipelineService, number>;
  const settings: PipelineSettings = {
    brokers: stack.brokers,
    registryUrl: stack.registryUrl,
    namespace,
    debeziumPrefix: prefix,
    databases,
    zoho: { accountsUrl: emulator.url, ...DEFAULT_CLIENT },
    dedupeSecret: 'integration-test-dedupe-secret',
    httpPorts: ports,
    logLevel: options.logLevel ?? process.env['P2Z_TEST_LOG_LEVEL'] ?? 'info',
    ...(options.env ? { extraEnv: options.env } : {}),
  };
  const logger = createLogger({ service: 'integration-test', level: 'warn' });
  const kafka = createKafka({ brokers: stack.brokers, clientId: `test-${namespace}` }, logger);
  const serde = new EventSerde(stack.registryUrl);
  const debezium = new DebeziumPatientProducer(kafka, serde, prefix);
  await debezium.start(databases);

  if (options.confirmMapping ?? true) {
    await confirmReferenceMapping({ kafka, serde, namespace, actor: { name: 'integration-test', via: 'cli' } });
  }

  const services = new Map<PipelineService, RunningProcess>();
  const urlOf = (s: PipelineService) => `http://127.0.0.1:${ports[s]}`;
  const logs = () => [...services.entries()].map(([name, p]) => `--- ${name} ---\n${p.tail()}`).join('\n');
  const awaitReady = (s: PipelineService) =>
    eventually(`${s} ready`, async () => {
      // The services' output at the moment of failure (not at the start of the wait).
      if (!services.get(s)?.running) throw new Error(`${s} exited (code ${await services.get(s)?.exited})\n${logs()}`);
      // Without a confirmed field map the writer is alive but waits (not ready) by design.
      const probe = s === 'zoho-writer' && options.confirmMapping === false ? 'healthz' : 'readyz';
      return (await fetch(`${urlOf(s)}/${probe}`)).ok;
    }, 90_000);
  const spawnService = (s: PipelineService) => {
    const spec = serviceProcess(REPO_ROOT, s, settings);
    return new RunningProcess({ ...spec, env: { ...spec.env, ...options.serviceEnv } }, options.logDir ? { logFile: path.join(options.logDir, `${s}.log`) } : {});
  };
  const launch = async (s: PipelineService) => {
    services.set(s, spawnService(s));
    await awaitReady(s);
  };
  for (const s of PIPELINE_SERVICES) services.set(s, spawnService(s));
  try {
    await Promise.all(PIPELINE_SERVICES.map(awaitReady));
  } catch (error) {
    // A pipeline that did not come up must not outlive the test (leaked processes keep the run open).
    await Promise.all([...services.values()].map((p) => p.stop('SIGKILL')));
    await debezium.stop().catch(() => undefined);
    await emulator.close();
    throw error;
  }

  return {
    namespace,
    prefix,
    databases,
    kafka,
    serde,
    emulator,
    debezium,
    services,
    settings,
    urlOf,
    logs,
    restart: launch,
    stop: async () => {
      await Promise.all([...services.values()].map((p) => p.stop()));
      await debezium.stop();
      await emulator.close();
      const admin = kafka.admin();
      await admin.connect();
      const mine = (await admin.listTopics()).filter((t) => t.startsWith(`${namespace}.`) || t.startsWith(`${prefix}.`));
      if (mine.length > 0) await admin.deleteTopics({ topics: mine });
      const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(`${namespace}.`));
      if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
      await admin.disconnect();
      await deleteSubjects(stack.registryUrl, [`${namespace}.`, `${prefix}.`]);
    },
  };
}

/** Removes this pipeline's schema subjects from the registry (soft, then hard delete, as ccompat requires). */
async function deleteSubjects(registryUrl: string, prefixes: string[]): Promise<void> {
  const subjects = (await (await fetch(`${registryUrl}/subjects`)).json()) as string[];
  for (const subject of subjects.filter((s) => prefixes.some((p) => s.startsWith(p)))) {
    await fetch(`${registryUrl}/subjects/${encodeURIComponent(subject)}`, { method: 'DELETE' });
    await fetch(`${registryUrl}/subjects/${encodeURIComponent(subject)}?permanent=true`, { method: 'DELETE' });
  }
}
