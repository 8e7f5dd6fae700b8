import { join, resolve } from 'node:path';

/** Where and on which ports the native local stack runs. Everything mutable lives below `stateDir`. */
export interface StackConfig {
  /** Repository root; `deploy/local-stack` lives below it. */
  repoRoot: string;
  /** Git-ignored state: Kafka data, pid files, logs (e.g. `<repoRoot>/.p2z`). */
  stateDir: string;
  /** Kafka PLAINTEXT listener; default 19092. */
  kafkaPort: number;
  /** KRaft controller listener; default kafkaPort + 1. */
  controllerPort?: number;
  /** Apicurio Registry HTTP port; default 18081. */
  registryPort: number;
  /** JVM -Xmx per component; default '512m' each. */
  javaHeap?: { kafka: string; registry: string };
}

export const DEFAULT_KAFKA_PORT = 19092;
export const DEFAULT_REGISTRY_PORT = 18081;
const DEFAULT_HEAP = '512m';

/**
 * Reads P2Z_STATE_DIR (resolved against repoRoot when relative), P2Z_KAFKA_PORT and P2Z_REGISTRY_PORT.
 * Fails listing every invalid variable at once, so a misconfigured shell is fixed in one go.
 */
export function stackConfigFromEnv(repoRoot: string, env: NodeJS.ProcessEnv = process.env): StackConfig {
  const problems: string[] = [];
  const port = (key: string, fallback: number): number => {
    const raw = env[key];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > 65535) {
      problems.push(`${key} must be a TCP port (1-65535), got '${raw}'`);
      return fallback;
    }
    return value;
  };
  const kafkaPort = port('P2Z_KAFKA_PORT', DEFAULT_KAFKA_PORT);
  const registryPort = port('P2Z_REGISTRY_PORT', DEFAULT_REGISTRY_PORT);
  if (problems.length > 0) throw new Error(`invalid local-stack environment:\n  ${problems.join('\n  ')}`);
  const root = resolve(repoRoot);
  const stateDir = env['P2Z_STATE_DIR']?.trim() ? resolve(root, env['P2Z_STATE_DIR'].trim()) : join(root, '.p2z');
  return { repoRoot: root, stateDir, kafkaPort, registryPort };
}

export function controllerPort(cfg: StackConfig): number {
  return cfg.controllerPort ?? cfg.kafkaPort + 1;
}

export function heapFor(cfg: StackConfig, component: 'kafka' | 'registry'): string {
  return cfg.javaHeap?.[component] ?? DEFAULT_HEAP;
}

/** Bootstrap servers for clients of the local broker. */
export function kafkaBrokers(cfg: StackConfig): string[] {
  return [`127.0.0.1:${cfg.kafkaPort}`];
}

/** Confluent-compatible schema-registry base URL served by Apicurio. */
export function registryUrl(cfg: StackConfig): string {
  return `http://127.0.0.1:${cfg.registryPort}/apis/ccompat/v7`;
}

/** Directory layout below stateDir; one place so the supervisor and the stack agree. */
export function stackPaths(cfg: StackConfig) {
  const state = resolve(cfg.stateDir);
  return {
    runDir: join(state, 'run'),
    logsDir: join(state, 'logs'),
    kafkaDir: join(state, 'kafka'),
    kafkaDataDir: join(state, 'kafka', 'data'),
    kafkaProperties: join(state, 'kafka', 'server.properties'),
    kafkaClusterIdFile: join(state, 'kafka', 'cluster-id'),
    registryDir: join(state, 'registry'),
  };
}

/** The JVM launcher: $JAVA_HOME/bin/java when set, else `java` from PATH. */
export function javaCommand(env: NodeJS.ProcessEnv = process.env): string {
  const home = env['JAVA_HOME']?.trim();
  return home ? join(home, 'bin', 'java') : 'java';
}
