// Extractor throughput and memory for 2,000,000 rows, per input, without a broker (CPU and memory of
// the extractor itself): Debezium (Confluent-framed Avro envelope → decode → canonical change →
// SourceRecordChanged Avro) and a CSV export read back (streaming parse → canonical change). Writes
// bench/results/extractor.json.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import avro from 'avsc';
import { EventSerde } from '@panda2zoho/events';
import { REFERENCE_TABLES } from '@panda2zoho/panda-model';
import { DebeziumEncoder, generatePractice, writePracticeCsv, type PracticeSpec } from '@panda2zoho/synthetic-practice';
import { readCsvExport } from '../services/extractor/src/adapters/csv/index.ts';
import { debeziumChange } from '../services/extractor/src/domain/debezium-change.ts';
import { toSourceRecordChanged } from '../services/extractor/src/domain/source-record-event.ts';
import { measure, writeBenchResult, type Measurement } from './bench-report.ts';

const ROWS = 2_000_000;
const SPEC: PracticeSpec = { locations: 2, patients: 1_750, seed: 1 };
const tables = REFERENCE_TABLES.filter((t) => t.migrate);
const ctx = { tables, locationFor: (db: string) => db };
const results: Measurement[] = [];

results.push(
  await measure('Debezium input: decode envelope → canonical → SourceRecordChanged (extractor time only)', async (sample) => {
    const serde = new EventSerde('http://127.0.0.1:9');
    const writers = new Map<number, avro.Type>();
    const encoder = new DebeziumEncoder(
      {
        registerSubject: async (_subject: string, schema: unknown) => {
          writers.set(writers.size + 1, avro.Type.forSchema(schema as avro.Schema));
          return writers.size;
        },
        encodeWith: serde.encodeWith.bind(serde),
      },
      'panda',
    );
    for (const db of ['PANDA_LOC01', 'PANDA_LOC02']) for (const t of REFERENCE_TABLES) await encoder.prepare(db, t);
    const output = serde.readerType('SourceRecordChanged');
    let rows = 0;
    let extractorNs = 0n;
    for (const row of generatePractice(SPEC)) {
      if (!row.table.migrate) continue;
      for (const record of encoder.encode(row)) {
        if (record.value === null) continue; // tombstone
        const started = process.hrtime.bigint();
        const decoded = writers.get(record.value.readInt32BE(1))!.fromBuffer(record.value.subarray(5));
        const result = debeziumChange(decoded, ctx);
        if (result.kind !== 'change') throw new Error(`unexpected ${result.kind}`);
        serde.encodeWith(1, output, toSourceRecordChanged(result.change, 0));
        extractorNs += process.hrtime.bigint() - started;
        if (++rows % 10_000 === 0) sample();
      }
      if (rows >= ROWS) break;
    }
    const seconds = Number(extractorNs) / 1e9;
    return { rows, extractorSeconds: Math.round(seconds * 100) / 100, extractorRowsPerSecond: Math.round(rows / seconds) };
  }),
);

const csvDir = mkdtempSync(path.join(tmpdir(), 'p2z-bench-csv-'));
try {
  writePracticeCsv(SPEC, csvDir);
  results.push(
    await measure('CSV input: streaming read of the export → canonical changes', async (sample) => {
      let rows = 0;
      let problems = 0;
      for await (const item of readCsvExport({ folder: csvDir, tables })) {
        if (item.kind === 'change') rows++;
        else if (item.kind === 'unreadable') problems++;
        if (rows % 10_000 === 0) sample();
      }
      return { rows, problems };
    }),
  );
} finally {
  rmSync(csvDir, { recursive: true, force: true });
}

console.log(`  → ${writeBenchResult('extractor', { spec: SPEC, results })}`);
