// Generator throughput and memory for 2,000,000 rows: generation alone, the kafka path (Debezium
// envelopes encoded to Confluent-framed Avro bytes, no broker), and the CSV and SQL writers to a temp
// folder. Writes bench/results/generator.json.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EventSerde } from '@panda2zoho/events';
import { REFERENCE_TABLES } from '@panda2zoho/panda-model';
import { DebeziumEncoder, generatePractice, writePracticeCsv, writePracticeSql, type PracticeSpec } from '@panda2zoho/synthetic-practice';
import { measure, writeBenchResult, type Measurement } from './bench-report.ts';

const ROWS = 2_000_000;
// ≈576 rows per patient (exams × (32 tooth findings + ~180 sites) dominate): 2 × 1,750 patients ≈ 2.0 M rows.
const SPEC: PracticeSpec = { locations: 2, patients: 1_750, seed: 1, changes: { updates: 6_000, inserts: 2_500, deletes: 1_500 } };

function* firstRows(limit: number) {
  let n = 0;
  for (const row of generatePractice(SPEC)) {
    if (n++ === limit) return;
    yield row;
  }
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) total += entry.isDirectory() ? folderBytes(path.join(dir, entry.name)) : statSync(path.join(dir, entry.name)).size;
  return total;
}

const results: Measurement[] = [];

results.push(
  await measure('generate', (sample) => {
    let rows = 0;
    for (const _row of firstRows(ROWS)) if (++rows % 10_000 === 0) sample();
    return { rows };
  }),
);

results.push(
  await measure('generate + Debezium Avro encoding (kafka path, no broker)', async (sample) => {
    const serde = new EventSerde('http://127.0.0.1:9');
    let id = 0;
    const encoder = new DebeziumEncoder({ registerSubject: async () => ++id, encodeWith: serde.encodeWith.bind(serde) }, 'panda');
    for (const db of ['PANDA_LOC01', 'PANDA_LOC02']) for (const t of REFERENCE_TABLES) await encoder.prepare(db, t);
    let rows = 0;
    let records = 0;
    let bytes = 0;
    for (const row of firstRows(ROWS)) {
      for (const r of encoder.encode(row)) {
        records++;
        bytes += r.key.length + (r.value?.length ?? 0);
      }
      if (++rows % 10_000 === 0) sample();
    }
    return { rows, records, avroMiB: Math.round(bytes / 1048576) };
  }),
);

for (const [name, write] of [['CSV export (whole practice, final state)', writePracticeCsv], ['T-SQL scripts (whole practice, snapshot + change DML)', writePracticeSql]] as const) {
  const out = mkdtempSync(path.join(tmpdir(), 'p2z-bench-'));
  try {
    results.push(
      await measure(name, () => {
        const written = write(SPEC, out);
        return { rows: written.rows, files: written.files.length, outputMiB: Math.round(folderBytes(out) / 1048576) };
      }),
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

console.log(`  → ${writeBenchResult('generator', { spec: SPEC, rows: ROWS, results })}`);
