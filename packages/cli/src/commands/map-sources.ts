import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyTableMap, REFERENCE_TABLES, type TableDefinition, type TableMap } from '@panda2zoho/panda-model';
import { tablesFromInventory, type SourceTable, type TargetField } from '@panda2zoho/mapping';
import { isPermanent } from '@panda2zoho/kafka';
import { ZohoAuth, ZohoClient, zohoClientSettingsFrom, zohoCredentialsFrom, zohoEnv } from '@panda2zoho/zoho';
import { z } from 'zod';
import { LOCAL_PORTS, LOCAL_ZOHO_CLIENT } from '../local-defaults.ts';
import { csvInventoryReport } from './source-inventory.ts';
import { CliError, EXIT } from '../exit-codes.ts';

/** The Zoho modules the proposal targets and whose field metadata it reads. */
export const TARGET_MODULES = ['Contacts', 'Accounts', 'Deals', 'Tasks', 'Notes', 'PANDA_Charting'];

export interface ProposalSource {
  kind: 'csv' | 'inventory';
  name: string;
  tables: SourceTable[];
}

export function referenceTables(tableMapFile: string | undefined): TableDefinition[] {
  return tableMapFile ? applyTableMap(JSON.parse(readFileSync(tableMapFile, 'utf8')) as TableMap) : REFERENCE_TABLES;
}

/** The source's tables with value profiles: a CSV export is profiled here; an inventory file is read as written. */
export async function readProposalSource(options: { csv?: string; inventory?: string; tableMap?: string }): Promise<ProposalSource> {
  if ((options.csv === undefined) === (options.inventory === undefined)) throw new CliError('name one source: --csv <export folder> or --inventory <file from `source inventory --json`>', EXIT.USAGE);
  if (options.csv !== undefined) {
    const report = await csvInventoryReport(options.csv, referenceTables(options.tableMap));
    return { kind: 'csv', name: path.basename(path.resolve(options.csv)), tables: tablesFromInventory(report) };
  }
  const file = options.inventory!;
  return { kind: 'inventory', name: path.basename(file), tables: tablesFromInventory(JSON.parse(readFileSync(file, 'utf8')) as unknown) };
}

const zohoSchema = z.object(zohoEnv);

/** A Zoho client from ZOHO_* (the org), or the local emulator with `--emulator`. */
export function zohoClientFor(useEmulator: boolean): ZohoClient {
  if (useEmulator) {
    return new ZohoClient({ auth: new ZohoAuth({ accountsUrl: `http://127.0.0.1:${LOCAL_PORTS.zohoEmulator}`, ...LOCAL_ZOHO_CLIENT }) });
  }
  const parsed = zohoSchema.safeParse(process.env);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new CliError(`the target org's field metadata needs ZOHO_* settings (problem with: ${missing}); or pass --emulator (local emulator) or --offline (no metadata)`, EXIT.PRECONDITION);
  }
  const env = parsed.data;
  return new ZohoClient({ auth: new ZohoAuth(zohoCredentialsFrom(env)), ...zohoClientSettingsFrom(env) });
}

/** Field metadata of every target module the org has; a module it lacks (a custom one not created yet) is left out. */
export async function readTargetFields(zoho: ZohoClient, modules = TARGET_MODULES): Promise<{ fields: Record<string, TargetField[]>; missing: string[] }> {
  const fields: Record<string, TargetField[]> = {};
  const missing: string[] = [];
  for (const module of modules) {
    try {
      const list = await zoho.fields(module);
      if (list.length > 0) fields[module] = list.map((f) => ({ api_name: f.api_name, data_type: f.data_type }));
      else missing.push(module);
    } catch (error) {
      if (!isPermanent(error)) throw error;
      missing.push(module);
    }
  }
  return { fields, missing };
}
