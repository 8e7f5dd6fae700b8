import { COMPLEX_SLOTS, EDITION_CONCURRENCY, type ZohoEdition } from './adaptive-limiter.ts';
import { writeCredits } from './zoho-call-class.ts';

/**
 * Before a run: how many calls and credits a migration costs, how long it takes, and over how many
 * days the credit budget spreads it. Pure; every assumption is an input with a stated default.
 */
export interface ForecastInput {
  /** Records to write per Zoho module, e.g. { Contacts: 12000, Notes: 30000, Attachments: 800 }. */
  counts: Record<string, number>;
  edition: ZohoEdition;
  /** Licensed users, for the edition's credit formula (default 10). */
  users?: number;
  /** The org's real rolling 24 h budget, when known; overrides the edition formula. */
  creditsPerDay?: number;
  /** Credits left for the practice's other integrations. */
  reserve?: number;
  /** A module with at least this many records goes through Bulk Write (default 5,000; Infinity = never). */
  bulkThreshold?: number;
  /** Modules written one record per call and never in bulk (default: Attachments). */
  singleRecordModules?: string[];
  /** Modules written in calls of 100 whatever their size, never in bulk (default: none; the writer's CDT Products). */
  restOnlyModules?: string[];
  /** Seconds one REST call takes at Zoho (default 1.0 for a 100-record upsert). */
  restCallSeconds?: number;
  /** Rows a Bulk Write job processes per second at Zoho (default 200). */
  bulkRowsPerSecond?: number;
  /** Seconds between job polls (default 5). */
  bulkPollSeconds?: number;
}

export interface ModuleForecast {
  module: string;
  records: number;
  path: 'rest' | 'bulk' | 'single';
  calls: number;
  credits: number;
  seconds: number;
}

export interface MigrationForecast {
  modules: ModuleForecast[];
  calls: number;
  credits: number;
  /** The credits a day the migration may spend: the daily budget minus the reserve. */
  creditsPerDayAvailable: number;
  /** Days the credits need: the rolling window frees a day's budget 24 h after it was spent. */
  daysNeeded: number;
  /** Working time at Zoho's limits, ignoring the budget. */
  estimatedSeconds: number;
  /** Elapsed time including waits for the budget: full days for all but the last day's share. */
  elapsedSeconds: number;
  concurrency: number;
}

const CREDIT_RULES: Record<ZohoEdition, { base: number; perUser: number; max: number }> = {
  free: { base: 5_000, perUser: 0, max: 5_000 },
  standard: { base: 50_000, perUser: 250, max: 100_000 },
  professional: { base: 50_000, perUser: 500, max: 3_000_000 },
  enterprise: { base: 50_000, perUser: 1_000, max: 5_000_000 },
  ultimate: { base: 50_000, perUser: 2_000, max: Number.POSITIVE_INFINITY },
};

/** Zoho's api-limits formula (reference §7). */
export function editionDailyCredits(edition: ZohoEdition, users: number): number {
  const rule = CREDIT_RULES[edition];
  return Math.min(rule.base + rule.perUser * users, rule.max);
}

export const BULK_JOB_ROWS = 25_000;
const BULK_JOB_CREDITS = 500;

function forecastModule(module: string, records: number, input: ForecastInput, concurrency: number): ModuleForecast {
  const restSeconds = input.restCallSeconds ?? 1;
  const threshold = input.bulkThreshold ?? 5_000;
  if ((input.singleRecordModules ?? ['Attachments']).includes(module)) {
    return { module, records, path: 'single', calls: records, credits: records, seconds: (records * restSeconds) / concurrency };
  }
  if (records >= threshold && !(input.restOnlyModules ?? []).includes(module)) {
    // Per job: upload 1 + create 1 (500 credits) + polls + download 1; plus one GET /org for the run (counted here once per module).
    const jobs = Math.ceil(records / BULK_JOB_ROWS);
    const rowsPerSecond = input.bulkRowsPerSecond ?? 200;
    const pollSeconds = input.bulkPollSeconds ?? 5;
    let calls = 1;
    let credits = 1;
    let seconds = 0;
    for (let j = 0; j < jobs; j++) {
      const rows = Math.min(BULK_JOB_ROWS, records - j * BULK_JOB_ROWS);
      const jobSeconds = rows / rowsPerSecond;
      const polls = Math.ceil(jobSeconds / pollSeconds) + 1;
      calls += 3 + polls;
      credits += 1 + BULK_JOB_CREDITS + polls + 1;
      seconds += jobSeconds + pollSeconds;
    }
    return { module, records, path: 'bulk', calls, credits, seconds };
  }
  const full = Math.floor(records / 100);
  const rest = records % 100;
  const calls = full + (rest > 0 ? 1 : 0);
  // 100-record writes are complex calls: at most 10 at a time whatever the edition.
  const writers = Math.min(concurrency, COMPLEX_SLOTS);
  return { module, records, path: 'rest', calls, credits: full * writeCredits(100) + (rest > 0 ? writeCredits(rest) : 0), seconds: (calls * restSeconds) / writers };
}

export function forecastMigration(input: ForecastInput): MigrationForecast {
  const concurrency = EDITION_CONCURRENCY[input.edition];
  const modules = Object.entries(input.counts)
    .filter(([, n]) => n > 0)
    .map(([module, n]) => forecastModule(module, n, input, concurrency));
  const calls = modules.reduce((s, m) => s + m.calls, 0);
  const credits = modules.reduce((s, m) => s + m.credits, 0);
  const estimatedSeconds = modules.reduce((s, m) => s + m.seconds, 0);
  const daily = input.creditsPerDay ?? editionDailyCredits(input.edition, input.users ?? 10);
  const creditsPerDayAvailable = Math.max(0, daily - (input.reserve ?? 0));
  const daysNeeded = credits === 0 ? 0 : creditsPerDayAvailable === 0 ? Number.POSITIVE_INFINITY : Math.ceil(credits / creditsPerDayAvailable);
  const elapsedSeconds = daysNeeded <= 1 ? estimatedSeconds : (daysNeeded - 1) * 86_400 + estimatedSeconds / daysNeeded;
  return { modules, calls, credits, creditsPerDayAvailable, daysNeeded, estimatedSeconds, elapsedSeconds, concurrency };
}
