import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fetchStackArtifacts, pomProperty, stackArtifacts } from './maven-artifacts.ts';

const roots: string[] = [];
after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function fakeRepo(): string {
  const root = mkdtempSync(join(tmpdir(), 'p2z-artifacts-'));
  roots.push(root);
  const base = join(root, 'deploy', 'local-stack');
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(base, rel)), { recursive: true });
    writeFileSync(join(base, rel), text);
  };
  write('pom.xml', '<project><modules><module>kafka</module>\n<module> registry </module></modules></project>');
  write('kafka/pom.xml', '<project><properties><kafka.version>4.1.1</kafka.version></properties></project>');
  write('registry/pom.xml', '<project><properties>\n  <apicurio.version> 3.0.9 </apicurio.version></properties></project>');
  return root;
}

test('reads pinned versions from the pom or its modules', () => {
  assert.equal(pomProperty('<properties><kafka.version>4.1.1</kafka.version></properties>', 'kafka.version'), '4.1.1');
  assert.throws(() => pomProperty('<kafkaXversion>1</kafkaXversion>', 'kafka.version'), /no <kafka.version>/);
  const root = fakeRepo();
  const a = stackArtifacts({ repoRoot: root, stateDir: root, kafkaPort: 1, registryPort: 2 });
  assert.equal(a.kafkaVersion, '4.1.1');
  assert.equal(a.apicurioVersion, '3.0.9');
  assert.equal(a.kafkaJar, join(root, 'deploy/local-stack/target/kafka-libs/kafka_2.13-4.1.1.jar'));
  assert.equal(a.apicurioRunnerJar, join(root, 'deploy/local-stack/target/apicurio/apicurio-registry-app-3.0.9-runner.jar'));
});

test('the real pom pins versions this package can read', () => {
  const repoRoot = join(import.meta.dirname, '..', '..', '..');
  const a = stackArtifacts({ repoRoot, stateDir: repoRoot, kafkaPort: 1, registryPort: 2 });
  assert.match(a.kafkaVersion, /^\d+\.\d+\.\d+$/);
  assert.match(a.apicurioVersion, /^\d+\.\d+\.\d+/);
});

test('does not run maven when the pinned jars are present', async () => {
  const root = fakeRepo();
  const cfg = { repoRoot: root, stateDir: root, kafkaPort: 1, registryPort: 2 };
  const a = stackArtifacts(cfg);
  for (const file of [a.kafkaJar, a.apicurioRunnerJar]) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '');
  }
  const lines: string[] = [];
  await fetchStackArtifacts(cfg, (l) => lines.push(l));
  assert.deepEqual(lines, []);
});
