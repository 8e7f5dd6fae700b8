import type { Command } from 'commander';
import { runZohoEmulatorUntilSignal } from '@panda2zoho/zoho-emulator';
import { LOCAL_ZOHO_CLIENT } from '../local-defaults.ts';

const EDITIONS = ['free', 'standard', 'professional', 'enterprise', 'ultimate'] as const;
type Edition = (typeof EDITIONS)[number];

export function registerZohoEmulatorCommand(program: Command): void {
  program
    .command('zoho-emulator')
    .description('run the Zoho CRM emulator (OAuth token endpoint + CRM v8 API) on loopback')
    .option('--port <port>', 'port to listen on', '18090')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--edition <edition>', `Zoho edition for limits and credits (${EDITIONS.join(', ')})`, 'enterprise')
    .option('--db <file>', 'SQLite file keeping its state (default: in memory)')
    .action(async (opts: { port: string; host: string; edition: string; db?: string }) => {
      if (!EDITIONS.includes(opts.edition as Edition)) throw new Error(`unknown edition ${opts.edition}`);
      await runZohoEmulatorUntilSignal({
        host: opts.host,
        port: Number(opts.port),
        edition: opts.edition as Edition,
        clients: [LOCAL_ZOHO_CLIENT],
        ...(opts.db ? { dbPath: opts.db } : {}),
      });
    });
}
