import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kafkaServerProperties, newKafkaClusterId, renderProperties } from './kafka-properties.ts';
import type { StackArtifacts } from './maven-artifacts.ts';
import { logContains, tcpAccepts } from './readiness.ts';
import type { StackComponent } from './stack-component.ts';
import { controllerPort, heapFor, javaCommand, stackPaths, type StackConfig } from './stack-config.ts';

/** Printed by KafkaRaftServer once broker and controller have both started. */
export const KAFKA_STARTED_LINE = 'Kafka Server started';

// The launch flags of bin/kafka-run-class.sh, minus the 1 GB heap.
const KAFKA_JVM_FLAGS = [
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:InitiatingHeapOccupancyPercent=35',
  '-XX:+ExplicitGCInvokesConcurrent',
  '-Djava.awt.headless=true',
];

function runJava(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(javaCommand(), args, { cwd, timeout: 120_000 }, (err, stdout, stderr) => {
      const output = `${stdout}${stderr}`.trimEnd();
      if (err) reject(new Error(`java ${args.slice(-5).join(' ')} failed: ${err.message}\n${output}`));
      else resolve(output);
    });
  });
}

/**
 * The cluster id is kept in stateDir so a wiped data dir is re-formatted with the same id; a data dir
 * that already has meta.properties is never formatted again (that would refuse or lose data).
 */
async function formatStorageOnce(cfg: StackConfig, classpath: string, log: (line: string) => void): Promise<void> {
  const p = stackPaths(cfg);
  if (existsSync(join(p.kafkaDataDir, 'meta.properties'))) return;
  let clusterId = existsSync(p.kafkaClusterIdFile) ? readFileSync(p.kafkaClusterIdFile, 'utf8').trim() : '';
  if (clusterId === '') {
    clusterId = newKafkaClusterId();
    writeFileSync(p.kafkaClusterIdFile, `${clusterId}\n`);
  }
  log(`formatting Kafka storage in ${p.kafkaDataDir} (cluster id ${clusterId})`);
  await runJava(
    ['-Xmx256m', '-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', p.kafkaProperties],
    p.kafkaDir,
  );
}

export function kafkaComponent(cfg: StackConfig, artifacts: StackArtifacts): StackComponent {
  const classpath = join(artifacts.kafkaLibsDir, '*');
  return {
    name: 'kafka',
    port: cfg.kafkaPort,
    binds: [cfg.kafkaPort, controllerPort(cfg)],
    readyTimeoutMs: 120_000,
    // a single node's controlled shutdown takes a few seconds; give it room before SIGKILL
    stopGraceMs: 30_000,
    async prepare(log) {
      const p = stackPaths(cfg);
      mkdirSync(p.kafkaDataDir, { recursive: true });
      // rewritten on every start so a port change in the environment takes effect
      const props = kafkaServerProperties({ kafkaPort: cfg.kafkaPort, controllerPort: controllerPort(cfg), dataDir: p.kafkaDataDir });
      writeFileSync(p.kafkaProperties, renderProperties(props, 'written by @panda2zoho/local-stack on each start; edits are lost'));
      await formatStorageOnce(cfg, classpath, log);
      return {
        name: 'kafka',
        command: javaCommand(),
        args: [`-Xmx${heapFor(cfg, 'kafka')}`, ...KAFKA_JVM_FLAGS, '-cp', classpath, 'kafka.Kafka', p.kafkaProperties],
        cwd: p.kafkaDir,
      };
    },
    // No Kafka client here to send a metadata request, so: the start-up line of this run, and the listener.
    async isReady(rec) {
      return (await logContains(rec.logFile, KAFKA_STARTED_LINE, rec.logOffset)) && (await tcpAccepts(cfg.kafkaPort));
    },
  };
}
