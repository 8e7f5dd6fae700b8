import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { EventSerde } from '@panda2zoho/events';
import { createKafka } from '@panda2zoho/kafka';
import { kafkaBrokers, registryUrl } from '@panda2zoho/local-stack';
import { createLogger } from '@panda2zoho/observability';
import {
  ALL_DIRT,
  DEMO_DIRT,
  DebeziumProducer,
  generatePractice,
  locationDatabase,
  practiceTruth,
  resolveSpec,
  tablesFromMapFile,
  writePracticeCsv,
  writePracticeSql,
  type ChangeCounts,
  type PracticeRow,
  type PracticeSpec,
} from '@panda2zoho/synthetic-practice';
import { localStackConfig } from '../local-defaults.ts';

export interface KafkaTarget {
  brokers: string[];
  registryUrl: string;
  prefix: string;
}

/** Publishes a full practice (every table, snapshot then changes) as the Debezium connector would. Returns the events sent. */
export async function publishPracticeToKafka(spec: PracticeSpec, target: KafkaTarget, rows: Iterable<PracticeRow> = generatePractice(spec)): Promise<number> {
  const logger = createLogger({ service: 'generator', level: 'warn' });
  const kafka = createKafka({ brokers: target.brokers, clientId: 'p2z-generator' }, logger);
  const resolved = resolveSpec(spec);
  const producer = new DebeziumProducer(kafka, new EventSerde(target.registryUrl), target.prefix, resolved.tables);
  const databases = Array.from({ length: resolved.locations }, (_, i) => locationDatabase(i));
  await producer.start(databases, resolved.tables.filter((t) => resolved.entities.has(t.entity)));
  try {
    return await producer.publish(rows);
  } finally {
    await producer.stop();
  }
}

/**
 * The demo's practice: every table (patients, providers, referrers, perio exams with their sites and
 * teeth, plans, notes, flags, motivation reports, referral letters), with the dirt the pipeline repairs,
 * as Debezium snapshot events. Returns the source rows published per entity.
 */
export async function publishPractice(spec: PracticeSpec, target: KafkaTarget): Promise<Map<string, number>> {
  const full: PracticeSpec = { dirt: DEMO_DIRT, ...spec };
  const counts = new Map<string, number>();
  function* counted(): Generator<PracticeRow> {
    for (const row of generatePractice(full)) {
      counts.set(row.table.entity, (counts.get(row.table.entity) ?? 0) + 1);
      yield row;
    }
  }
  await publishPracticeToKafka(full, target, counted());
  return counts;
}

/** `--changes K`: updates, inserts and deletes in the proportions of a practice's working day. */
export function splitChanges(total: number): ChangeCounts {
  const inserts = Math.round(total * 0.25);
  const deletes = Math.round(total * 0.15);
  return { updates: total - inserts - deletes, inserts, deletes };
}

function writeTruth(spec: PracticeSpec, outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'truth.jsonl');
  const fd = openSync(file, 'w');
  try {
    let lines: string[] = [];
    for (const record of practiceTruth(spec)) {
      lines.push(`${JSON.stringify(record)}\n`);
      if (lines.length === 1_000) {
        writeSync(fd, lines.join(''));
        lines = [];
      }
    }
    writeSync(fd, lines.join(''));
  } finally {
    closeSync(fd);
  }
  return file;
}

interface GenerateOptions {
  locations: string;
  patients: string;
  seed: string;
  to: string;
  out?: string;
  changes: string;
  prefix: string;
  dirt: string;
  tableMap?: string;
}

function positiveInt(name: string, raw: string, min: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return n;
}

export function registerGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description('generate a synthetic PANDA practice (every table, deliberately dirty) as Debezium events, a CSV export or a T-SQL script')
    .option('--locations <n>', 'practice locations (one PANDA database each)', '2')
    .option('--patients <n>', 'patients per location', '25')
    .option('--seed <n>', 'random seed: the same seed gives the same practice', '1')
    .option('--to <target>', 'kafka (Debezium events on the local stack), csv (<out>/<database>/<Table>.csv) or sql (<out>/<database>.sql)', 'kafka')
    .option('--out <dir>', 'output folder for csv and sql, and for truth.jsonl (which records are the same person)')
    .option('--changes <k>', 'after the snapshot: k updates, inserts and deletes (60/25/15)', '0')
    .option('--prefix <prefix>', 'Debezium topic.prefix', 'panda')
    .option('--dirt <set>', 'all (every DIRT kind), demo (what today’s pipeline repairs) or none', 'all')
    .option('--table-map <file>', 'a real install’s table and column names (PANDA_TABLE_MAP_FILE format)')
    .action(async (opts: GenerateOptions) => {
      const dirt = { all: ALL_DIRT, demo: DEMO_DIRT, none: [] }[opts.dirt];
      if (!dirt) throw new Error('--dirt must be all, demo or none');
      const spec: PracticeSpec = {
        locations: positiveInt('locations', opts.locations, 1),
        patients: positiveInt('patients', opts.patients, 1),
        seed: positiveInt('seed', opts.seed, 0),
        changes: splitChanges(positiveInt('changes', opts.changes, 0)),
        dirt,
        tables: tablesFromMapFile(opts.tableMap),
      };
      const started = Date.now();
      if (opts.to === 'kafka') {
        const cfg = localStackConfig();
        const events = await publishPracticeToKafka(spec, { brokers: kafkaBrokers(cfg), registryUrl: registryUrl(cfg), prefix: opts.prefix });
        console.log(`published ${events} change events for ${spec.locations} location(s) to ${opts.prefix}.<database>.dbo.<Table> in ${Date.now() - started} ms`);
      } else if (opts.to === 'csv' || opts.to === 'sql') {
        if (!opts.out) throw new Error(`--to ${opts.to} needs --out <dir>`);
        const written = opts.to === 'csv' ? writePracticeCsv(spec, opts.out) : writePracticeSql(spec, opts.out);
        console.log(`wrote ${written.rows} rows to ${written.files.length} file(s) under ${opts.out} in ${Date.now() - started} ms`);
      } else {
        throw new Error('--to must be kafka, csv or sql');
      }
      if (opts.out) console.log(`ground truth (same person across locations, dirt per patient): ${writeTruth(spec, opts.out)}`);
    });
}
