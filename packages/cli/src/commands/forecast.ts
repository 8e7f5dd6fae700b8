import type { Command } from 'commander';
import type { EntityName } from '@panda2zoho/panda-model';
import { EDITION_CONCURRENCY, forecastMigration, type MigrationForecast, type ZohoEdition } from '@panda2zoho/zoho';
import { generatePractice } from '@panda2zoho/synthetic-practice';
import { ZOHO_MODULE_OF } from '@panda2zoho/mapping';

/**
 * Where each migrated PANDA entity lands in Zoho (the field map's catalogue; children folded into their
 * parent's record are absent). Text letters are Notes, PDF letters Attachments: counted as Notes (the dearer
 * call per record is the same). Providers are matched to Users, never written: not counted.
 */
const MODULE_OF = (entity: EntityName): string | undefined => (entity === 'provider' ? undefined : ZOHO_MODULE_OF[entity]);

export type CdtCodesMode = 'picklist' | 'products';

/**
 * ZOHO_CDT_CODES=products: the Products upserts (one record per distinct CDT code, records API in calls of
 * 100, once for the whole migration: the writer's ledger knows the codes it wrote) and the Deals' links,
 * one PUT /crm/v8/Deals/{id}/Products per Deal (≤ 10 codes: 1 credit), counted as this pseudo-module.
 */
export const DEAL_PRODUCT_LINKS = 'Deals/Products';

/** A source CDT code as the normalizer writes it (4341, 04341, d4341 → D4341). */
const cdtCode = (raw: unknown): string | null => {
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  const match = /^(?:[Dd]|0)?(\d{4})$/.exec(raw.trim());
  return match ? `D${match[1]}` : raw.trim();
};

/**
 * Records per Zoho module in a generated practice (snapshot; patients before dedupe, so an upper bound).
 * Products mode adds the distinct codes of its plans' procedures (Products) and one link call per plan
 * that has any (DEAL_PRODUCT_LINKS).
 */
export function practiceModuleCounts(locations: number, patients: number, seed: number, cdtCodes: CdtCodesMode = 'picklist'): Record<string, number> {
  const counts: Record<string, number> = {};
  const codes = new Set<string>();
  const plansWithCodes = new Set<string>();
  for (const row of generatePractice({ locations, patients, seed })) {
    const module = MODULE_OF(row.table.entity);
    if (module) counts[module] = (counts[module] ?? 0) + 1;
    if (cdtCodes === 'products' && row.table.entity === 'treatment_procedure' && row.after) {
      const code = cdtCode(row.after['cdtCode']);
      if (code) {
        codes.add(code);
        plansWithCodes.add(`${row.database}:${String(row.after['planId'])}`);
      }
    }
  }
  if (cdtCodes === 'products') {
    counts['Products'] = codes.size;
    counts[DEAL_PRODUCT_LINKS] = plansWithCodes.size;
  }
  return counts;
}

/** Products mode: the link calls are one per Deal; the Products never go through Bulk Write. */
export function productsPaths(mode: CdtCodesMode): { singleRecordModules?: string[]; restOnlyModules?: string[] } {
  return mode === 'products' ? { singleRecordModules: ['Attachments', DEAL_PRODUCT_LINKS], restOnlyModules: ['Products'] } : {};
}

function count(raw: string, name: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number ≥ 0`);
  return n;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'never (no credits above the reserve)';
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7_200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3_600).toFixed(1)} h`;
}

function printForecast(f: MigrationForecast): void {
  console.log('module           records  path    calls  credits');
  for (const m of f.modules) {
    console.log(`${m.module.padEnd(16)} ${String(m.records).padStart(7)}  ${m.path.padEnd(6)} ${String(m.calls).padStart(6)} ${String(m.credits).padStart(8)}`);
  }
  console.log(`total: ${f.calls} calls, ${f.credits} credits; ${f.creditsPerDayAvailable} credits a day above the reserve → ${f.daysNeeded} day(s)`);
  console.log(`time at Zoho's limits (concurrency ${f.concurrency}): ${formatDuration(f.estimatedSeconds)}; elapsed with budget waits: ${formatDuration(f.elapsedSeconds)}`);
}

interface ForecastOptions {
  json?: boolean;
  edition: string;
  users: string;
  creditsPerDay?: string;
  reserve: string;
  bulkThreshold: string;
  locations: string;
  patients: string;
  seed: string;
  count: string[];
  cdtCodes: string;
}

export function registerForecastCommand(program: Command): void {
  program
    .command('forecast')
    .description('before a run: Zoho API calls, credits, time and days under the credit budget')
    .option('--json', 'print the forecast as JSON')
    .option('--edition <edition>', `Zoho edition (${Object.keys(EDITION_CONCURRENCY).join(', ')})`, 'enterprise')
    .option('--users <n>', 'licensed users (the edition credit formula)', '10')
    .option('--credits-per-day <n>', "the org's real rolling 24 h budget, if known")
    .option('--reserve <n>', "credits kept for the practice's other integrations", '0')
    .option('--bulk-threshold <n>', 'records from which a module goes through Bulk Write', '5000')
    .option('--locations <n>', 'generated practice: locations', '2')
    .option('--patients <n>', 'generated practice: patients per location', '25')
    .option('--seed <n>', 'generated practice: seed', '1')
    .option('--count <Module=N>', `records of a module (repeatable); given any, the generated practice is not used (products mode: Products=<distinct codes>; ${DEAL_PRODUCT_LINKS} defaults to Deals, one link call each)`, (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--cdt-codes <mode>', 'the writer\'s ZOHO_CDT_CODES: picklist, or products (Products upserts and one link call per Deal)', process.env['ZOHO_CDT_CODES'] ?? 'picklist')
    .action((opts: ForecastOptions) => {
      if (!(opts.edition in EDITION_CONCURRENCY)) throw new Error(`unknown edition ${opts.edition}`);
      if (opts.cdtCodes !== 'picklist' && opts.cdtCodes !== 'products') throw new Error(`--cdt-codes takes picklist or products, got ${opts.cdtCodes}`);
      const mode: CdtCodesMode = opts.cdtCodes;
      const counts =
        opts.count.length > 0
          ? Object.fromEntries(
              opts.count.map((pair) => {
                const [module = '', n = ''] = pair.split('=');
                if (module === '') throw new Error(`--count takes Module=N, got ${pair}`);
                return [module, count(n, `--count ${module}`)];
              }),
            )
          : practiceModuleCounts(count(opts.locations, '--locations'), count(opts.patients, '--patients'), count(opts.seed, '--seed'), mode);
      if (mode === 'products' && counts[DEAL_PRODUCT_LINKS] === undefined) counts[DEAL_PRODUCT_LINKS] = counts['Deals'] ?? 0;
      const forecast = forecastMigration({
        counts,
        ...productsPaths(mode),
        edition: opts.edition as ZohoEdition,
        users: count(opts.users, '--users'),
        reserve: count(opts.reserve, '--reserve'),
        bulkThreshold: count(opts.bulkThreshold, '--bulk-threshold'),
        ...(opts.creditsPerDay ? { creditsPerDay: count(opts.creditsPerDay, '--credits-per-day') } : {}),
      });
      if (opts.json) console.log(JSON.stringify(forecast, null, 2));
      else printForecast(forecast);
    });
}
