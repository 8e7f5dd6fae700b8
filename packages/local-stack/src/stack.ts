import { kafkaComponent } from './kafka-component.ts';
import { fetchStackArtifacts, stackArtifacts } from './maven-artifacts.ts';
import { logTail, tcpAccepts, waitFor } from './readiness.ts';
import { registryComponent } from './registry-component.ts';
import type { StackComponent } from './stack-component.ts';
import type { StackConfig } from './stack-config.ts';
import { isRunning, listDetached, logFileOf, readRecord, startDetached, stopDetached } from './supervisor.ts';

export type Log = (line: string) => void;

export interface ComponentStatus {
  name: 'kafka' | 'registry';
  /** Its process group is alive. */
  running: boolean;
  /** It serves requests. */
  ready: boolean;
  port: number;
  pid: number | null;
  logFile: string;
}

export interface ProcessStatus {
  name: string;
  running: boolean;
  pid: number | null;
  logFile: string;
}

export interface StackStatus {
  kafka: ComponentStatus;
  registry: ComponentStatus;
  /** Other processes started through the supervisor (our services, the Zoho emulator). */
  services: ProcessStatus[];
}

const STACK_NAMES: ReadonlySet<string> = new Set(['kafka', 'registry']);

function components(cfg: StackConfig): { kafka: StackComponent; registry: StackComponent } {
  const artifacts = stackArtifacts(cfg);
  return { kafka: kafkaComponent(cfg, artifacts), registry: registryComponent(cfg, artifacts) };
}

async function componentStatus(cfg: StackConfig, c: StackComponent): Promise<ComponentStatus> {
  const running = isRunning(cfg, c.name);
  const rec = running ? readRecord(cfg, c.name) : undefined;
  return {
    name: c.name,
    running,
    ready: rec ? await c.isReady(rec) : false,
    port: c.port,
    pid: rec?.pid ?? null,
    logFile: rec?.logFile ?? logFileOf(cfg, c.name),
  };
}

/** Starts `c` unless it runs already, then waits until it is ready (also when someone else started it). */
async function ensureUp(cfg: StackConfig, c: StackComponent, log: Log): Promise<void> {
  const started = Date.now();
  if (isRunning(cfg, c.name)) {
    log(`${c.name}: already running (pid ${readRecord(cfg, c.name)?.pid})`);
  } else {
    for (const port of c.binds) {
      if (await tcpAccepts(port)) {
        throw new Error(`${c.name}: port ${port} is already taken by a process this stack did not start (state dir ${cfg.stateDir})`);
      }
    }
    const spec = await c.prepare(log);
    const { pid, logFile } = await startDetached(cfg, spec);
    log(`${c.name}: started pid ${pid}, log ${logFile}`);
  }
  const rec = readRecord(cfg, c.name);
  if (!rec) throw new Error(`${c.name}: exited right after start (see ${logFileOf(cfg, c.name)})`);
  const result = await waitFor(async () => {
    if (!isRunning(cfg, c.name)) return { failed: 'process exited' };
    return (await c.isReady(rec)) ? 'ready' : 'waiting';
  }, c.readyTimeoutMs);
  if (!result.ok) {
    const tail = await logTail(rec.logFile, rec.logOffset);
    throw new Error(`${c.name} did not become ready on port ${c.port}: ${result.reason}\n--- ${rec.logFile} (tail) ---\n${tail}`);
  }
  log(`${c.name}: ready on port ${c.port} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/**
 * Brings Kafka and the registry up, detached, and waits until both serve. Idempotent: running
 * components are left alone (only awaited). Kafka starts first (the registry stores its schemas in it);
 * on failure whatever did start keeps running, for inspection and `stackDown`.
 */
export async function stackUp(cfg: StackConfig, log: Log): Promise<StackStatus> {
  await fetchStackArtifacts(cfg, log);
  // The registry keeps its schemas in Kafka (kafkasql), so Kafka comes first.
  const { kafka, registry } = components(cfg);
  try {
    await ensureUp(cfg, kafka, log);
    await ensureUp(cfg, registry, log);
  } catch (error) {
    throw new Error(`local stack did not come up:\n${error instanceof Error ? error.message : String(error)}`);
  }
  return stackStatus(cfg);
}

/**
 * Kafka alone, under its own stateDir and ports: the crash suite runs a private broker it can restart
 * without disturbing the shared stack (whose registry it still uses).
 */
export async function kafkaUp(cfg: StackConfig, log: Log): Promise<void> {
  await fetchStackArtifacts(cfg, log);
  await ensureUp(cfg, components(cfg).kafka, log);
}

/** Stops the Kafka started under this stateDir (controlled shutdown, SIGKILL after the grace time). */
export async function kafkaDown(cfg: StackConfig, log: Log): Promise<void> {
  const kafka = components(cfg).kafka;
  const stopped = await stopDetached(cfg, kafka.name, { graceMs: kafka.stopGraceMs ?? 10_000 });
  log(stopped ? 'kafka: stopped' : 'kafka: was not running');
}

/**
 * Stops everything started under this stateDir: first the services (they still need Kafka to shut down
 * cleanly), then Kafka and the registry. Only processes recorded in our pid files are signalled.
 */
export async function stackDown(cfg: StackConfig, log: Log): Promise<void> {
  const byName = new Map(Object.values(components(cfg)).map((c) => [c.name as string, c]));
  const names = listDetached(cfg);
  const errors: string[] = [];
  const stopAll = async (group: string[]) => {
    await Promise.all(
      group.map(async (name) => {
        try {
          const pid = readRecord(cfg, name)?.pid;
          const stopped = await stopDetached(cfg, name, { graceMs: byName.get(name)?.stopGraceMs ?? 10_000 });
          log(stopped ? `${name}: stopped (pid ${pid})` : `${name}: was not running (stale pid file removed)`);
        } catch (err) {
          errors.push(err instanceof Error ? err.message : String(err));
        }
      }),
    );
  };
  await stopAll(names.filter((n) => !STACK_NAMES.has(n)));
  await stopAll(names.filter((n) => STACK_NAMES.has(n)));
  if (errors.length > 0) throw new Error(`local stack did not stop cleanly:\n${errors.join('\n')}`);
}

export async function stackStatus(cfg: StackConfig): Promise<StackStatus> {
  const c = components(cfg);
  const [kafka, registry] = await Promise.all([componentStatus(cfg, c.kafka), componentStatus(cfg, c.registry)]);
  const services = listDetached(cfg)
    .filter((n) => !STACK_NAMES.has(n))
    .map((name) => {
      const running = isRunning(cfg, name);
      return { name, running, pid: running ? (readRecord(cfg, name)?.pid ?? null) : null, logFile: logFileOf(cfg, name) };
    })
    .filter((s) => s.running);
  return { kafka, registry, services };
}
