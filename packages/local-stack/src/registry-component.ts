import { mkdirSync } from 'node:fs';
import type { StackArtifacts } from './maven-artifacts.ts';
import { httpStatus } from './readiness.ts';
import type { StackComponent } from './stack-component.ts';
import { heapFor, javaCommand, registryUrl, stackPaths, type StackConfig } from './stack-config.ts';

/**
 * Apicurio Registry 3.0.x (legacy Quarkus runner jar; 3.1.5+ needs Java 21). Storage is kafkasql: its
 * journal lives in our Kafka, so schemas and their ids survive a registry restart exactly as long as
 * the records that carry those ids do (in memory, a restarted registry forgot ids that Kafka's records
 * still referenced, and every consumer failed on them). Starts after Kafka. Its working directory is
 * in stateDir so nothing it writes lands in the repository.
 */
export function registryComponent(cfg: StackConfig, artifacts: StackArtifacts): StackComponent {
  const base = `http://127.0.0.1:${cfg.registryPort}`;
  return {
    name: 'registry',
    port: cfg.registryPort,
    binds: [cfg.registryPort],
    readyTimeoutMs: 180_000,
    stopGraceMs: 15_000,
    async prepare() {
      const dir = stackPaths(cfg).registryDir;
      mkdirSync(dir, { recursive: true });
      return {
        name: 'registry',
        command: javaCommand(),
        args: [
          `-Xmx${heapFor(cfg, 'registry')}`,
          `-Dquarkus.http.port=${cfg.registryPort}`,
          '-Dquarkus.http.host=127.0.0.1',
          '-Dapicurio.storage.kind=kafkasql',
          `-Dapicurio.kafkasql.bootstrap.servers=127.0.0.1:${cfg.kafkaPort}`,
          '-jar',
          artifacts.apicurioRunnerJar,
        ],
        cwd: dir,
      };
    },
    // readiness per Quarkus health, plus the Confluent-compatible endpoint our clients actually call
    async isReady() {
      const health = await httpStatus(`${base}/health/ready`);
      if (health?.status !== 200) return false;
      const subjects = await httpStatus(`${registryUrl(cfg)}/subjects`);
      return subjects?.status === 200;
    },
  };
}
