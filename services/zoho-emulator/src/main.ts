// Standalone launcher: node --import tsx services/zoho-emulator/src/main.ts [--port 8010] [--db zoho.sqlite] …
// Flags fall back to ZOHO_EMULATOR_* environment variables.
import { parseArgs } from 'node:util';
import { runZohoEmulatorUntilSignal, type Edition } from './index.ts';

const { values } = parseArgs({
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    'public-url': { type: 'string' },
    db: { type: 'string' },
    edition: { type: 'string' },
    users: { type: 'string' },
    'credits-per-day': { type: 'string' },
  },
});

function numberOption(flag: string | undefined, env: string | undefined): number | undefined {
  const raw = flag ?? env;
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`not a number: ${raw}`);
  return value;
}

const env = process.env;
await runZohoEmulatorUntilSignal({
  host: values.host ?? env['ZOHO_EMULATOR_HOST'],
  port: numberOption(values.port, env['ZOHO_EMULATOR_PORT']),
  publicUrl: values['public-url'] ?? env['ZOHO_EMULATOR_PUBLIC_URL'],
  dbPath: values.db ?? env['ZOHO_EMULATOR_DB'],
  edition: (values.edition ?? env['ZOHO_EMULATOR_EDITION']) as Edition | undefined,
  users: numberOption(values.users, env['ZOHO_EMULATOR_USERS']),
  creditsPerDay: numberOption(values['credits-per-day'], env['ZOHO_EMULATOR_CREDITS_PER_DAY']),
});
