import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { EventSerde } from '@panda2zoho/events';
import { createKafka, idempotentProducer } from '@panda2zoho/kafka';
import { kafkaBrokers, registryUrl } from '@panda2zoho/local-stack';
import {
  chatCompletionsRefiner,
  ensureControlTopics,
  MappingPublisher,
  mappingVersion,
  NO_REFINER,
  parseMapping,
  proposeMapping,
  summarize,
  tableMapOf,
  toYaml,
  type MappingDocument,
  type MappingRefiner,
} from '@panda2zoho/mapping';
import { createLogger } from '@panda2zoho/observability';
import { localStackConfig } from '../local-defaults.ts';
import { formatMappingSummary, formatMappingState, type MappingStateJson } from './map-format.ts';
import { readProposalSource, readTargetFields, referenceTables, zohoClientFor } from './map-sources.ts';
import { CliError, EXIT } from '../exit-codes.ts';

export const DEFAULT_MAPPING_FILE = 'panda2zoho-mapping.yaml';
const controlUrl = () => process.env['P2Z_CONTROL_URL'] ?? `http://127.0.0.1:${process.env['P2Z_CONTROL_PORT'] ?? 18106}`;

function refinerFromEnv(): MappingRefiner {
  const url = process.env['P2Z_MAPPING_LLM_URL'];
  if (!url) return NO_REFINER;
  const apiKey = process.env['P2Z_MAPPING_LLM_KEY'];
  return chatCompletionsRefiner({ url, model: process.env['P2Z_MAPPING_LLM_MODEL'] ?? 'default', ...(apiKey ? { apiKey } : {}) });
}

export async function publishProposal(doc: MappingDocument, actor: string): Promise<void> {
  const cfg = localStackConfig();
  const brokers = process.env['KAFKA_BROKERS']?.split(',') ?? kafkaBrokers(cfg);
  const namespace = process.env['P2Z_TOPIC_NAMESPACE'] ?? 'p2z';
  const kafka = createKafka({ brokers, clientId: 'p2z-map' }, createLogger({ service: 'cli', level: 'warn' }));
  const admin = kafka.admin();
  const producer = idempotentProducer(kafka);
  await admin.connect();
  try {
    await ensureControlTopics(admin, namespace);
    await producer.connect();
    await new MappingPublisher(producer, new EventSerde(process.env['SCHEMA_REGISTRY_URL'] ?? registryUrl(cfg)), namespace).propose(doc, { name: actor, via: 'cli' });
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
}

interface ProposeOptions {
  csv?: string;
  inventory?: string;
  tableMap?: string;
  out: string;
  emulator?: boolean;
  offline?: boolean;
  publish: boolean;
  json?: boolean;
  as?: string;
}

function safeParse(text: string): MappingDocument | null {
  try {
    return parseMapping(text);
  } catch {
    return null;
  }
}

async function runPropose(opts: ProposeOptions): Promise<void> {
  const source = await readProposalSource(opts);
  const target = opts.offline ? null : await readTargetFields(zohoClientFor(opts.emulator === true));
  let doc = proposeMapping({ source: { kind: source.kind, name: source.name }, tables: source.tables, targetFields: target?.fields ?? null, reference: referenceTables(opts.tableMap) });
  const refiner = refinerFromEnv();
  if (refiner !== NO_REFINER) {
    try {
      doc = await refiner.refine(doc);
    } catch (error) {
      console.error(`map propose: the refiner (${refiner.name}) failed, the deterministic proposal stands: ${(error as Error).message}`);
    }
  }
  // A re-proposal keeps the owner map `owners propose` put in the file (re-run that to refresh it).
  const previous = existsSync(opts.out) ? safeParse(readFileSync(opts.out, 'utf8')) : null;
  if (previous?.owners && !doc.owners) doc = { ...doc, owners: previous.owners };
  writeFileSync(opts.out, toYaml(doc));
  const version = mappingVersion(doc);
  if (opts.publish) await publishProposal(doc, opts.as ?? process.env['P2Z_OPERATOR_NAME'] ?? 'map propose');
  if (opts.json) {
    console.log(JSON.stringify({ version, file: opts.out, published: opts.publish, missingModules: target?.missing ?? null, summary: summarize(doc), tables: doc.tables }, null, 2));
  } else {
    console.log(formatMappingSummary(doc, version, opts.out, target?.missing ?? null, opts.publish));
  }
}

function operatorCredentials(as: string | undefined): { token: string; actor: string } {
  const token = process.env['P2Z_OPERATOR_TOKEN'];
  if (!token) throw new CliError('P2Z_OPERATOR_TOKEN is not set: confirming needs the operator token', EXIT.PRECONDITION);
  const actor = as ?? process.env['P2Z_OPERATOR_NAME'];
  if (!actor) throw new CliError('name yourself with --as <name> or P2Z_OPERATOR_NAME: the confirmation records who confirmed', EXIT.USAGE);
  return { token, actor };
}

async function callControl(url: string, path: string, init: RequestInit, token: string, actor: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${url}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}`, 'x-p2z-actor': actor }, signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    throw new CliError(`the control service at ${url} does not answer: is it running? (P2Z_CONTROL_URL)${error instanceof Error ? ` (${error.message})` : ''}`, EXIT.PRECONDITION);
  }
  const body = (await response.json().catch(() => null)) as { reason?: string } | null;
  if (!response.ok) throw new Error(`the control service refused (HTTP ${response.status}): ${body?.reason ?? 'no reason given'}`);
  return body;
}

async function runConfirm(opts: { file: string; as?: string; url: string; json?: boolean }): Promise<void> {
  const { token, actor } = operatorCredentials(opts.as);
  const text = readFileSync(opts.file, 'utf8');
  const version = mappingVersion(parseMapping(text)); // a broken file fails here, before anything is sent
  const result = (await callControl(opts.url, '/api/mapping/confirm', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mappingYaml: text }) }, token, actor)) as {
    version: string;
    confirmedBy: string;
    confirmedAtMs: number;
  };
  if (result.version !== version) throw new Error(`the control service confirmed ${result.version}, not this file's ${version}`);
  console.log(opts.json ? JSON.stringify(result, null, 2) : `confirmed ${result.version} as ${result.confirmedBy} at ${new Date(result.confirmedAtMs).toISOString()}`);
}

async function runShow(opts: { as?: string; url: string; json?: boolean }): Promise<void> {
  const { token, actor } = operatorCredentials(opts.as);
  const state = (await callControl(opts.url, '/api/mapping', { method: 'GET' }, token, actor)) as MappingStateJson;
  console.log(opts.json ? JSON.stringify(state, null, 2) : formatMappingState(state));
  const latest = state.proposals.at(-1);
  // Scripts can trust it: 0 = the latest proposal is the confirmed one; 3 = nothing confirmed, or a newer proposal awaits confirmation.
  if (!state.confirmed || (latest && latest.version !== state.confirmed.version)) process.exitCode = 3;
}

function runTableMap(opts: { file: string; out?: string }): void {
  const doc = parseMapping(readFileSync(opts.file, 'utf8'));
  const { map, skipped } = tableMapOf(doc);
  const text = `${JSON.stringify(map, null, 2)}\n`;
  for (const line of skipped) console.error(`map table-map: skipped ${line}`);
  if (opts.out) {
    writeFileSync(opts.out, text);
    console.log(`table map of ${mappingVersion(doc)} written to ${opts.out} (PANDA_TABLE_MAP_FILE for the extractor)`);
  } else {
    process.stdout.write(text);
  }
}

export function registerMapCommands(program: Command): void {
  const map = program.command('map').description('the field map: propose it, review it, confirm it (nothing moves to Zoho before)');
  map
    .command('propose')
    .description('propose where every source column goes (canonical field → Zoho field), with confidence and reasons; writes a YAML file and publishes MappingProposed')
    .option('--csv <folder>', 'a CSV export (<folder>/<database>/<Table>.csv): headers and value profiles')
    .option('--inventory <file>', 'the JSON of `panda2zoho source inventory --json` (SQL Server or CSV)')
    .option('--table-map <file>', 'JSON table map of a real install (default: PANDA_TABLE_MAP_FILE)', process.env['PANDA_TABLE_MAP_FILE'])
    .option('--out <file>', 'where to write the mapping file', DEFAULT_MAPPING_FILE)
    .option('--emulator', 'read field metadata from the local Zoho emulator instead of ZOHO_*')
    .option('--offline', 'do not read the org’s field metadata')
    .option('--no-publish', 'write the file only; publish nothing to Kafka')
    .option('--as <name>', 'who proposes (default P2Z_OPERATOR_NAME)')
    .option('--json', 'print JSON for machines')
    .action(async (opts: ProposeOptions) => runPropose(opts));
  map
    .command('confirm')
    .description('confirm a mapping file (its content hash is the version): needs P2Z_OPERATOR_TOKEN; records who and when')
    .option('--file <file>', 'the mapping file', DEFAULT_MAPPING_FILE)
    .option('--as <name>', 'who confirms (default P2Z_OPERATOR_NAME)')
    .option('--url <url>', 'the control service', controlUrl())
    .option('--json', 'print JSON for machines')
    .action(async (opts: { file: string; as?: string; url: string; json?: boolean }) => runConfirm(opts));
  map
    .command('show')
    .description('the proposed and confirmed mapping versions; exit 3 when nothing is confirmed or a newer proposal awaits confirmation')
    .option('--as <name>', 'who asks (default P2Z_OPERATOR_NAME)')
    .option('--url <url>', 'the control service', controlUrl())
    .option('--json', 'print JSON for machines')
    .action(async (opts: { as?: string; url: string; json?: boolean }) => runShow(opts));
  map
    .command('table-map')
    .description('the extractor’s table map (PANDA_TABLE_MAP_FILE) from a mapping file: the install’s table and column names onto the canonical fields')
    .option('--file <file>', 'the mapping file', DEFAULT_MAPPING_FILE)
    .option('--out <file>', 'write it to a file instead of printing it')
    .action((opts: { file: string; out?: string }) => runTableMap(opts));
}
