import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import type { Command } from 'commander';
import { EXIT } from './exit-codes.ts';
import { buildProgram } from './main.ts';

const BIN = fileURLToPath(new URL('../bin/panda2zoho.mjs', import.meta.url));

function commands(c: Command, prefix = ''): Array<{ name: string; command: Command }> {
  return c.commands.flatMap((s) => [{ name: `${prefix}${s.name()}`, command: s }, ...commands(s, `${prefix}${s.name()} `)]);
}

test('every command says what it does (its --help) and every read command has --json', () => {
  const all = commands(buildProgram());
  const undescribed = all.filter((c) => c.command.description().trim() === '').map((c) => c.name);
  assert.deepEqual(undescribed, []);
  const READ = ['stack status', 'reconcile', 'status', 'cutover', 'rollback', 'sample', 'migrate', 'source inventory', 'map propose', 'map confirm', 'map show', 'dedupe review list', 'forecast', 'provision'];
  const withoutJson = READ.filter((name) => !all.find((c) => c.name === name)?.command.options.some((o) => o.long === '--json'));
  assert.deepEqual(withoutJson, []);
});

const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, P2Z_OPERATOR_TOKEN: '' } });

test('exit codes: --help 0, a wrong command line 64, a missing precondition 3', () => {
  const help = run('sample', '--help');
  assert.equal(help.status, EXIT.OK);
  assert.match(help.stdout, /--patients <n>/);
  assert.equal(run('sample', '--patients', 'many').status, EXIT.USAGE);
  assert.equal(run('sample', '--no-such-option').status, EXIT.USAGE);
  const rollback = run('rollback', '--run', 'x', '--operator', 'o', '--yes');
  assert.equal(rollback.status, EXIT.PRECONDITION, rollback.stderr);
  assert.match(rollback.stderr, /P2Z_OPERATOR_TOKEN/);
  const scopedProvisioning = run('rollback', '--run', 'x', '--include-provisioning', '--location', 'L1', '--yes');
  assert.equal(scopedProvisioning.status, EXIT.USAGE, scopedProvisioning.stderr);
  assert.match(scopedProvisioning.stderr, /whole-run rollback only/);
});
