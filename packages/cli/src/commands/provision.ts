import type { Command } from 'commander';
import { parseConfig } from '@panda2zoho/config';
import { ZohoAuth, ZohoClient, zohoCredentialsFrom } from '@panda2zoho/zoho';
import { provision, provisionConfigSchema, zohoSchema } from '@panda2zoho/zoho-writer';
import { LOCAL_PORTS, LOCAL_ZOHO_CLIENT } from '../local-defaults.ts';

/** Zoho settings from the environment; without any, the local emulator that `pipeline up` / `demo` run. */
function zohoConfig(env: NodeJS.ProcessEnv) {
  const local = env['ZOHO_ACCOUNTS_URL'] === undefined;
  const withDefaults = local
    ? {
        ...env,
        ZOHO_ACCOUNTS_URL: `http://127.0.0.1:${LOCAL_PORTS.zohoEmulator}`,
        ZOHO_CLIENT_ID: LOCAL_ZOHO_CLIENT.clientId,
        ZOHO_CLIENT_SECRET: LOCAL_ZOHO_CLIENT.clientSecret,
        ZOHO_REFRESH_TOKEN: LOCAL_ZOHO_CLIENT.refreshToken,
      }
    : env;
  return parseConfig(provisionConfigSchema, withDefaults);
}

export function registerProvisionCommand(program: Command): void {
  program
    .command('provision')
    .description('create the PANDA_Charting module and the custom fields the migration writes (idempotent; the writer also runs it at start)')
    .option('--dry-run', 'only print what would be created')
    .option('--json', 'print JSON for machines')
    .action(async (opts: { dryRun?: boolean; json?: boolean }) => {
      const config = zohoConfig(process.env);
      const zoho = new ZohoClient({ auth: new ZohoAuth(zohoCredentialsFrom(config)), ...(config.ZOHO_API_URL ? { apiUrl: config.ZOHO_API_URL } : {}) });
      const report = await provision(zoho, zohoSchema(config.ZOHO_CDT_CODES), { dryRun: opts.dryRun === true });
      if (opts.json) {
        console.log(JSON.stringify({ dryRun: opts.dryRun === true, applied: report.applied, nothingToDo: report.steps.length === 0, plan: report.lines, notes: report.notes, steps: report.steps }, null, 2));
        return;
      }
      const verb = report.steps.length === 0 ? '' : opts.dryRun ? 'would ' : 'done: ';
      for (const line of report.lines) console.log(report.steps.length === 0 || report.notes.includes(line) ? line : `${verb}${line}`);
    });
}
