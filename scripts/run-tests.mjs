#!/usr/bin/env node
// `npm test`: type-check, lint, make sure the real local stack (Kafka + Apicurio) is up, then run every
// unit and integration test in one node:test run, so one summary closes the output.
// P2Z_TEST_KAFKA_BROKERS / P2Z_TEST_REGISTRY_URL point the suites at another stack instead.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const unitOnly = process.argv.includes('--unit');
const cli = ['packages/cli/bin/panda2zoho.mjs'];

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return result.status ?? 1;
}

function findTests(dir, out = []) {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) findTests(full, out);
    else if (/\.(unit|int)\.test\.ts$/.test(entry) && (!unitOnly || entry.endsWith('.unit.test.ts'))) out.push(path.relative(root, full));
  }
  return out;
}

console.log('› type-checking');
if (run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']) !== 0) {
  console.error('type check failed');
  process.exit(1);
}

console.log('› linting');
if (run(process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), '.']) !== 0) {
  console.error('lint failed');
  process.exit(1);
}

const usesLocalStack = !unitOnly && !process.env.P2Z_TEST_KAFKA_BROKERS;
let startedStack = false;
if (usesLocalStack) {
  const status = spawnSync(process.execPath, [...cli, 'stack', 'status'], { cwd: root, encoding: 'utf8' });
  const ready = /kafka\s+ready/.test(status.stdout) && /registry\s+ready/.test(status.stdout);
  if (!ready) {
    console.log('› starting the local stack (Kafka + Apicurio Registry)');
    if (run(process.execPath, [...cli, 'stack', 'up']) !== 0) process.exit(1);
    startedStack = true;
  }
}

const files = [...findTests(path.join(root, 'packages')), ...findTests(path.join(root, 'services')), ...findTests(path.join(root, 'integration-tests'))].sort();
console.log(`› running ${files.length} test files`);
const code = run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files]);

if (startedStack && !process.env.P2Z_KEEP_STACK) run(process.execPath, [...cli, 'stack', 'down'], { stdio: 'ignore' });
process.exit(code);
