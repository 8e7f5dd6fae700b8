import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { mappingVersion, parseMapping, proposeOwners, toYaml, type OrgUser, type OwnerMapSection, type SourceProvider } from '@panda2zoho/mapping';
import { parseCsv } from '@panda2zoho/synthetic-practice';
import type { ZohoClient } from '@panda2zoho/zoho';
import { DEFAULT_MAPPING_FILE, publishProposal } from './map.ts';
import { referenceTables, zohoClientFor } from './map-sources.ts';

/**
 * `owners propose`: PANDA providers (the Providers table of a CSV export, every location folder) and
 * the org's active users (`GET /crm/v8/users`) → the owner map, written into the mapping file so that
 * `map confirm` confirms it with the rest. Provider names and e-mails are staff data, not PHI.
 */
export function readCsvProviders(folder: string, tableMapFile?: string, locations: Record<string, string> = {}): SourceProvider[] {
  const table = referenceTables(tableMapFile).find((t) => t.entity === 'provider');
  if (!table) throw new Error('the table map has no provider table');
  const column = (field: string) => table.columns.find((c) => c.field === field)?.column ?? null;
  const out: SourceProvider[] = [];
  for (const database of readdirSync(folder, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const file = path.join(folder, database, `${table.table}.csv`);
    if (!existsSync(file)) continue;
    const [header, ...rows] = [...parseCsv(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''))];
    if (!header) continue;
    const at = (row: string[], field: string) => {
      const name = column(field);
      const i = name === null ? -1 : header.findIndex((h) => h.trim().toLowerCase() === name.toLowerCase());
      const v = i < 0 ? '' : (row[i] ?? '').trim();
      return v === '' ? null : v;
    };
    for (const row of rows) {
      const providerId = at(row, 'providerId');
      if (providerId === null) continue;
      const active = at(row, 'active');
      out.push({
        locationId: locations[database] ?? database, providerId, firstName: at(row, 'firstName'), lastName: at(row, 'lastName'), email: at(row, 'email'),
        active: active === null ? null : ['1', 'true', 'yes', 'y'].includes(active.toLowerCase()),
      });
    }
  }
  return out;
}

export async function readOrgUsers(zoho: ZohoClient): Promise<OrgUser[]> {
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  return (await zoho.users('ActiveUsers')).map((u) => ({
    id: String(u['id']),
    firstName: str(u['first_name']),
    lastName: str(u['last_name']),
    fullName: str(u['full_name']) ?? [str(u['first_name']), str(u['last_name'])].filter((s) => s).join(' '),
    email: str(u['email']),
    active: u['status'] === 'active',
    admin: (u['profile'] as { name?: string } | undefined)?.name === 'Administrator',
  }));
}

export function formatOwners(owners: OwnerMapSection, version: string, file: string, published: boolean): string {
  const count = (m: string) => owners.providers.filter((p) => p.match === m).length;
  const lines = [
    `owner map written into ${file} (mapping version ${version})`,
    `  providers: ${owners.providers.length} — by e-mail ${count('email')}, by name ${count('name')}, without a user ${count('none')}`,
    `  default owner: ${owners.default.name} (${owners.default.id})`,
  ];
  for (const p of owners.providers) lines.push(`  ${p.provider.padEnd(24)} ${p.name.padEnd(28)} → ${p.user ? `${p.user.name} (${p.match}, ${p.confidence})` : 'DEFAULT OWNER — reported on every record'}`);
  lines.push(
    published ? '  published as a proposal: review the file, then `npx panda2zoho map confirm --file ' + file + '`' : '  not published (--no-publish)',
    '  a provider without a user: its records go to the default owner and each is reported (OWNER_PROVIDER_UNMAPPED)',
  );
  return lines.join('\n');
}

interface ProposeOptions {
  csv: string;
  tableMap?: string;
  locations?: string;
  file: string;
  emulator?: boolean;
  default?: string;
  publish: boolean;
  as?: string;
  json?: boolean;
}

async function runPropose(opts: ProposeOptions): Promise<void> {
  if (!existsSync(opts.file)) throw new Error(`no mapping file at ${opts.file}: run \`panda2zoho map propose\` first (the owner map is part of it)`);
  const doc = parseMapping(readFileSync(opts.file, 'utf8'));
  const locations = Object.fromEntries((opts.locations ?? '').split(',').filter((p) => p.includes('=')).map((p) => p.split('=', 2).map((s) => s.trim()) as [string, string]));
  const providers = readCsvProviders(opts.csv, opts.tableMap, locations);
  if (providers.length === 0) throw new Error(`no Providers rows under ${opts.csv} (<folder>/<database>/Providers.csv)`);
  const users = await readOrgUsers(zohoClientFor(opts.emulator === true));
  const owners = proposeOwners(providers, users, opts.default);
  const next = { ...doc, owners };
  writeFileSync(opts.file, toYaml(next));
  const version = mappingVersion(next);
  if (opts.publish) await publishProposal(next, opts.as ?? process.env['P2Z_OPERATOR_NAME'] ?? 'owners propose');
  console.log(opts.json ? JSON.stringify({ version, file: opts.file, published: opts.publish, owners }, null, 2) : formatOwners(owners, version, opts.file, opts.publish));
}

export function registerOwnersCommands(program: Command): void {
  const owners = program.command('owners').description('who owns the records in Zoho: PANDA providers → Zoho users (part of the mapping file)');
  owners
    .command('propose')
    .description('match PANDA providers to the org’s users (e-mail, then name) with a default owner; writes the owner map into the mapping file and publishes it as a proposal')
    .requiredOption('--csv <folder>', 'a CSV export (<folder>/<database>/Providers.csv)')
    .option('--table-map <file>', 'JSON table map of a real install (default: PANDA_TABLE_MAP_FILE)', process.env['PANDA_TABLE_MAP_FILE'])
    .option('--locations <pairs>', 'database=location pairs, as the extractor is configured (default: the folder name is the location)', process.env['PANDA_LOCATION_BY_DATABASE'])
    .option('--file <file>', 'the mapping file to add the owner map to', DEFAULT_MAPPING_FILE)
    .option('--emulator', 'read the users of the local Zoho emulator instead of ZOHO_*')
    .option('--default <user>', 'the default owner (user id or e-mail); default: the first active administrator')
    .option('--no-publish', 'write the file only; publish nothing to Kafka')
    .option('--as <name>', 'who proposes (default P2Z_OPERATOR_NAME)')
    .option('--json', 'print JSON for machines')
    .action(async (opts: ProposeOptions) => runPropose(opts));
}
