#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.ts in turn, each in its own Node process (so each peak RSS
// is its own), and lists the results each wrote to bench/results/<name>.json.
// `npm run bench -- generator` runs only the benches whose file name contains "generator".
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2);
const benches = readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts') && (filters.length === 0 || filters.some((x) => f.includes(x))))
  .sort();
if (benches.length === 0) {
  console.error('no bench/*.bench.ts matched');
  process.exit(1);
}
let failed = 0;
for (const bench of benches) {
  console.log(`› ${bench}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join('bench', bench)], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${bench} failed (exit ${result.status ?? result.signal})`);
    failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);
