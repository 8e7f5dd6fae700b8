import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { groupAlive, groupMembers } from './process-group.ts';
import type { StackConfig } from './stack-config.ts';
import { isRunning, listDetached, readRecord, startDetached, stopDetached } from './supervisor.ts';

const stateDir = mkdtempSync(join(tmpdir(), 'p2z-supervisor-'));
const cfg: StackConfig = { repoRoot: stateDir, stateDir, kafkaPort: 1, registryPort: 2 };
const node = process.execPath;
const idle = (script = '') => ({ command: node, args: ['-e', `${script}setInterval(() => {}, 1000)`] });

async function until(cond: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

after(async () => {
  // never leave a stray test process behind, even when an assertion failed half-way
  for (const name of listDetached(cfg)) await stopDetached(cfg, name, { graceMs: 500 });
  rmSync(stateDir, { recursive: true, force: true });
});

test('starts a detached process group with a pid file and an appended log', async () => {
  const { pid, logFile } = await startDetached(cfg, { name: 'echo', ...idle("console.log('hello ' + process.env.GREETING);"), env: { GREETING: 'p2z' } });
  assert.equal(readFileSync(join(stateDir, 'run', 'echo.pid'), 'utf8'), `${pid}\n`);
  assert.equal(logFile, join(stateDir, 'logs', 'echo.log'));
  assert.ok(isRunning(cfg, 'echo'));
  assert.deepEqual(groupMembers(pid), [pid], 'leads its own process group');
  await until(() => readFileSync(logFile, 'utf8').includes('hello p2z'));
  assert.ok((readRecord(cfg, 'echo')?.logOffset ?? 0) > 0, 'the run starts after the header line');

  await assert.rejects(startDetached(cfg, { name: 'echo', ...idle() }), /already running/);
  assert.deepEqual(listDetached(cfg), ['echo']);

  assert.equal(await stopDetached(cfg, 'echo'), true);
  assert.equal(groupAlive(pid), false);
  assert.equal(isRunning(cfg, 'echo'), false);
  assert.ok(!existsSync(join(stateDir, 'run', 'echo.pid')));
  assert.equal(await stopDetached(cfg, 'echo'), false, 'nothing left to stop');
});

test('stop takes down the whole group, grandchildren included', async () => {
  const grandchild = `require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'inherit' });`;
  const { pid } = await startDetached(cfg, { name: 'tree', ...idle(grandchild) });
  await until(() => groupMembers(pid).length === 2);
  const members = groupMembers(pid);
  assert.equal(await stopDetached(cfg, 'tree'), true);
  assert.deepEqual(groupMembers(pid), []);
  for (const member of members) assert.equal(groupAlive(member), false);
});

test('escalates to SIGKILL when SIGTERM is ignored', async () => {
  const { pid } = await startDetached(cfg, { name: 'stubborn', ...idle("process.on('SIGTERM', () => {}); console.log('armed', process.pid);") });
  // wait for the handler; the log's header line repeats the command, so match the printed pid
  await until(() => readFileSync(join(stateDir, 'logs', 'stubborn.log'), 'utf8').includes(`armed ${pid}`));
  const started = Date.now();
  assert.equal(await stopDetached(cfg, 'stubborn', { graceMs: 300 }), true);
  assert.ok(Date.now() - started >= 300, 'waited the grace period first');
  assert.equal(groupAlive(pid), false);
});

test('stale and foreign pid files are cleaned up, not signalled', async () => {
  const runDir = join(stateDir, 'run');
  mkdirSync(runDir, { recursive: true });
  // a pid that existed and exited
  const gone = Number(execFileSync(node, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).trim());
  writeFileSync(join(runDir, 'ghost.pid'), `${gone}\n`);
  assert.equal(isRunning(cfg, 'ghost'), false);
  assert.ok(!existsSync(join(runDir, 'ghost.pid')));
  // our own test process: alive, but it is not a group leader of a group we started
  writeFileSync(join(runDir, 'foreign.pid'), `${process.pid}\n`);
  writeFileSync(join(runDir, 'foreign.json'), JSON.stringify({ pid: process.pid, startTicks: 1 }));
  assert.equal(isRunning(cfg, 'foreign'), false);
  assert.equal(await stopDetached(cfg, 'foreign'), false);
});

test('the process survives the exit of the process that started it', async () => {
  const supervisor = join(fileURLToPath(new URL('.', import.meta.url)), 'supervisor.ts');
  const starter = `
    import { startDetached } from ${JSON.stringify(supervisor)};
    const r = await startDetached(${JSON.stringify(cfg)}, { name: 'orphan', command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'] });
    console.log(r.pid);`;
  const pid = Number(execFileSync(node, ['--import', 'tsx', '--input-type=module', '-e', starter], { encoding: 'utf8', timeout: 20_000 }).trim());
  assert.ok(pid > 1);
  await sleep(300);
  assert.ok(isRunning(cfg, 'orphan'), 'still running after its starter exited');
  assert.equal(await stopDetached(cfg, 'orphan'), true);
  assert.equal(groupAlive(pid), false);
});

test('rejects unknown commands and unsafe names', async () => {
  await assert.rejects(startDetached(cfg, { name: 'nope', command: join(stateDir, 'no-such-binary'), args: [] }), /cannot start nope/);
  assert.equal(isRunning(cfg, 'nope'), false);
  await assert.rejects(startDetached(cfg, { name: '../evil', ...idle() }), /invalid process name/);
});
