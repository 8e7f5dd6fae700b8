import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { groupAlive } from './process-group.ts';
import { kafkaBrokers, registryUrl, stackDown, stackStatus, stackUp, startDetached, type StackConfig } from './index.ts';
import { tcpAccepts } from './readiness.ts';

// Non-default ports and a private stateDir: a developer's own stack on 19092/19093/18081 is never touched.
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const stateDir = mkdtempSync(join(tmpdir(), 'p2z-stack-'));
const cfg: StackConfig = { repoRoot, stateDir, kafkaPort: 29092, registryPort: 28081 };
const lines: string[] = [];
const log = (line: string) => lines.push(line);

after(async () => {
  await stackDown(cfg, log); // also after a failed assertion: only our own pid files are used
  rmSync(stateDir, { recursive: true, force: true });
});

test('refuses to start on ports another process holds', async () => {
  const listen = (port: number) =>
    new Promise<Server>((resolve, reject) => {
      const server = createServer().once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve(server));
    });
  const busy = { ...cfg, stateDir: join(stateDir, 'busy'), kafkaPort: 29192, registryPort: 28181 };
  const servers = [await listen(busy.kafkaPort), await listen(busy.registryPort)];
  try {
    // Kafka comes first (the registry stores its schemas in it), so its port is the one reported.
    await assert.rejects(stackUp(busy, log), /port 29192 is already taken/);
    assert.ok(!existsSync(join(busy.stateDir, 'run')) || readdirSync(join(busy.stateDir, 'run')).length === 0);
  } finally {
    for (const s of servers) s.close();
  }
});

test('a component that dies while starting fails stackUp with the tail of its log', { timeout: 60_000 }, async () => {
  const broken = { ...cfg, stateDir: join(stateDir, 'broken'), kafkaPort: 29292, registryPort: 28281, javaHeap: { kafka: '1k', registry: '1k' } };
  await assert.rejects(stackUp(broken, log), (err: Error) => {
    assert.match(err.message, /kafka did not become ready on port 29292: process exited/);
    assert.match(err.message, /Too small maximum heap/, 'the JVM error from the log tail');
    assert.doesNotMatch(err.message, /registry/, 'the registry is not started without its Kafka');
    return true;
  });
  const status = await stackStatus(broken);
  assert.deepEqual([status.kafka.running, status.registry.running], [false, false]);
});

test('brings Kafka and the registry up, idempotently, and down with every supervised process', { timeout: 300_000 }, async () => {
  const cold = Date.now();
  const up = await stackUp(cfg, log);
  const coldMs = Date.now() - cold;
  assert.equal(up.kafka.running && up.kafka.ready, true, lines.join('\n'));
  assert.equal(up.registry.running && up.registry.ready, true, lines.join('\n'));
  assert.equal(up.kafka.port, 29092);
  assert.deepEqual(kafkaBrokers(cfg), ['127.0.0.1:29092']);

  const subjects = await fetch(`${registryUrl(cfg)}/subjects`);
  assert.equal(subjects.status, 200);
  assert.deepEqual(await subjects.json(), []);
  assert.ok(await tcpAccepts(29093), 'controller listener on kafkaPort+1');

  const warm = Date.now();
  const again = await stackUp(cfg, log);
  const warmMs = Date.now() - warm;
  assert.equal(again.kafka.pid, up.kafka.pid, 'kafka left alone');
  assert.equal(again.registry.pid, up.registry.pid, 'registry left alone');
  assert.ok(warmMs < 5_000, `second stackUp took ${warmMs} ms`);
  console.log(`stackUp cold ${coldMs} ms, warm ${warmMs} ms`);

  // Schemas live in Kafka (kafkasql): a registry restart keeps every id that Kafka's records carry.
  const registered = await fetch(`${registryUrl(cfg)}/subjects/restart-check-value/versions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schema: JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'string' }] }) }),
  });
  const { id } = (await registered.json()) as { id: number };
  await stackDown(cfg, log);
  const restarted = await stackUp(cfg, log);
  assert.equal(restarted.registry.ready, true);
  const kept = await fetch(`${registryUrl(cfg)}/schemas/ids/${id}`);
  assert.equal(kept.status, 200, 'schema id survived the registry restart');

  const service = await startDetached(cfg, { name: 'some-service', command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'] });
  const status = await stackStatus(cfg);
  assert.deepEqual(status.services.map((s) => [s.name, s.pid]), [['some-service', service.pid]]);

  await stackDown(cfg, log);
  for (const pid of [restarted.kafka.pid, restarted.registry.pid, service.pid]) assert.equal(groupAlive(pid as number), false, `pid ${pid} still alive`);
  assert.deepEqual(readdirSync(join(stateDir, 'run')), [], 'pid files removed');
  assert.equal(await tcpAccepts(29092), false);
  assert.equal(await tcpAccepts(28081), false);
  const down = await stackStatus(cfg);
  assert.deepEqual([down.kafka.running, down.registry.running, down.services.length], [false, false, 0]);
});
