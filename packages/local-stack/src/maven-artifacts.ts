import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { StackConfig } from './stack-config.ts';

/**
 * The jars the stack runs, laid out by `deploy/local-stack/pom.xml`. Versions are read from the pom so
 * that bumping a version there is all it takes: the expected jar is then missing and the fetch reruns.
 */
export interface StackArtifacts {
  pom: string;
  kafkaVersion: string;
  apicurioVersion: string;
  /** Directory for `java -cp '<dir>/*'`. */
  kafkaLibsDir: string;
  /** The jar whose presence says the Kafka classpath is complete for this version. */
  kafkaJar: string;
  apicurioDir: string;
  /** Legacy Quarkus runner jar (its manifest Class-Path points at ./lib). */
  apicurioRunnerJar: string;
}

export function pomProperty(pomXml: string, name: string): string {
  const match = new RegExp(`<${name.replace(/\./g, '\\.')}>\\s*([^<\\s]+)\\s*</`).exec(pomXml);
  if (!match?.[1]) throw new Error(`pom.xml has no <${name}> property`);
  return match[1];
}

/** Texts of the local-stack pom and its `<module>` poms, where the version properties live. */
function readPoms(base: string): { pom: string; xml: string } {
  const pom = join(base, 'pom.xml');
  let root: string;
  try {
    root = readFileSync(pom, 'utf8');
  } catch {
    throw new Error(`${pom} not found: is repoRoot the panda2zoho checkout?`);
  }
  const modules = [...root.matchAll(/<module>\s*([^<\s]+)\s*<\/module>/g)].map((m) => m[1] as string);
  const texts = [root, ...modules.map((m) => readFileSync(join(base, m, 'pom.xml'), 'utf8'))];
  return { pom, xml: texts.join('\n') };
}

export function stackArtifacts(cfg: StackConfig): StackArtifacts {
  const base = join(cfg.repoRoot, 'deploy', 'local-stack');
  const { pom, xml } = readPoms(base);
  const kafkaVersion = pomProperty(xml, 'kafka.version');
  const apicurioVersion = pomProperty(xml, 'apicurio.version');
  const kafkaLibsDir = join(base, 'target', 'kafka-libs');
  const apicurioDir = join(base, 'target', 'apicurio');
  return {
    pom,
    kafkaVersion,
    apicurioVersion,
    kafkaLibsDir,
    kafkaJar: join(kafkaLibsDir, `kafka_2.13-${kafkaVersion}.jar`),
    apicurioDir,
    apicurioRunnerJar: join(apicurioDir, `apicurio-registry-app-${apicurioVersion}-runner.jar`),
  };
}

/**
 * Runs `mvn package` on the local-stack pom when the pinned jars are not in place (fresh clone or a
 * version bump); otherwise returns at once. Maven's own cache (~/.m2) makes a re-fetch cheap.
 */
export async function fetchStackArtifacts(cfg: StackConfig, log: (line: string) => void): Promise<void> {
  const a = stackArtifacts(cfg);
  const kafkaMissing = !existsSync(a.kafkaJar);
  const apicurioMissing = !existsSync(a.apicurioRunnerJar);
  if (!kafkaMissing && !apicurioMissing) return;
  // Leftovers of another version would put two Kafka versions on one classpath, or two registry
  // layouts in one folder.
  if (kafkaMissing) rmSync(a.kafkaLibsDir, { recursive: true, force: true });
  if (apicurioMissing) rmSync(a.apicurioDir, { recursive: true, force: true });
  log(`fetching Kafka ${a.kafkaVersion} and Apicurio Registry ${a.apicurioVersion} from Maven Central (mvn package)…`);
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    execFile(
      'mvn',
      ['-q', '-B', '-f', a.pom, 'package'],
      { cwd: cfg.repoRoot, timeout: 20 * 60_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (!err) return resolve();
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return reject(new Error('mvn not found: install Maven 3.8+ (and a JDK 17+) to fetch the local stack'));
        const tail = `${stdout}${stderr}`.trimEnd().split('\n').slice(-30).join('\n');
        reject(new Error(`mvn package failed for ${a.pom}:\n${tail}`));
      },
    );
  });
  for (const file of [a.kafkaJar, a.apicurioRunnerJar]) {
    if (!existsSync(file)) throw new Error(`mvn package finished but ${file} is missing; check ${a.pom}`);
  }
  log(`fetched local-stack artifacts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
