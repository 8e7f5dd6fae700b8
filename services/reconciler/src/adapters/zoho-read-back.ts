import { isPermanent, isTransient } from '@panda2zoho/kafka';
import type { ZohoClient } from '@panda2zoho/zoho';
import type { EntityTarget } from '../domain/entity-targets.ts';
import type { LedgerRecord } from '../domain/reconciliation-model.ts';
import type { ZohoReadBack, ZohoRecord } from '../domain/reconciliation-report.ts';

const PAGE = 2000;
/** COQL selects at most 500 fields; id and the external id take two. */
const MAX_FIELDS = 498;
const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Default external-id field per entity when the ledger has not named one yet. */
const DEFAULT_EXTERNAL_ID: Record<string, string> = { patient: 'PANDA_Patient_Key' };

/**
 * Reads an entity's records back from Zoho through COQL (`POST /crm/v8/coql`, 2,000 rows a call, 1–3
 * credits each): id, the external-id field and every field the writer sent. Records are ours when they
 * carry the external id; for a module without one (Notes), every record is returned and the domain
 * keeps the ids the ledger knows. Skipped when nothing was written and nothing is expected.
 */
export async function readBack(zoho: ZohoClient, target: EntityTarget, ledger: readonly LedgerRecord[], expected: number): Promise<ZohoReadBack> {
  if (!target.readBack || (ledger.length === 0 && expected === 0)) return { kind: 'skipped' };
  const externalIdField = ledger.find((r) => r.externalIdField !== '')?.externalIdField ?? DEFAULT_EXTERNAL_ID[target.entity] ?? '';
  if (ledger.length === 0 && externalIdField === '') return { kind: 'skipped' };
  const fields = [...new Set(ledger.flatMap((r) => Object.keys(r.sentFields)))].filter((f) => f !== 'id' && f !== externalIdField && API_NAME.test(f)).sort().slice(0, MAX_FIELDS);
  const select = ['id', ...(externalIdField ? [externalIdField] : []), ...fields].join(', ');
  const where = externalIdField ? `${externalIdField} is not null` : 'id is not null';
  const records: ZohoRecord[] = [];
  try {
    for (let offset = 0; ; offset += PAGE) {
      const query = `select ${select} from ${target.module} where ${where} order by id asc limit ${offset}, ${PAGE}`;
      const { status, json } = await zoho.request('POST', '/crm/v8/coql', { select_query: query }, { endpoint: '/crm/v8/coql', credits: 3 });
      if (status === 204) break;
      const body = json as { data?: Array<Record<string, unknown>>; info?: { more_records?: boolean } };
      for (const row of body.data ?? []) {
        const ext = externalIdField ? row[externalIdField] : undefined;
        records.push({ id: String(row['id']), externalId: typeof ext === 'string' && ext !== '' ? ext : null, values: row });
      }
      if (!body.info?.more_records) break;
    }
  } catch (error) {
    // A module that does not exist yet (nothing provisioned), a refused query or an unavailable Zoho is
    // reported, not thrown: the report says Zoho could not be read and cutover stays blocked.
    if (isTransient(error) || isPermanent(error)) return { kind: 'failed', code: error.code };
    throw error;
  }
  return { kind: 'read', records };
}
