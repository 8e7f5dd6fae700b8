import { parseRecordKey, ENTITY_TARGETS } from './entity-targets.ts';

/**
 * One ledger record as the reconciler needs it. The ledger is decoded with the writer's own schema,
 * so the optional fields the writer adds (entity, recordKey, locationId, sentFields: Zoho API name →
 * JSON-encoded value) are read when present and absent otherwise.
 */
export interface LedgerEntry {
  phase: 'INTENT' | 'OUTCOME';
  /** UPSERT, DELETE, LINK, …; null when absent. LINK/UNLINK are related-list links, not records. */
  operation: string | null;
  module: string;
  externalIdField: string;
  externalId: string;
  zohoId: string | null;
  result: 'INSERTED' | 'UPDATED' | 'DELETED' | 'FAILED' | null;
  entity: string | null;
  recordKey: string | null;
  locationId: string | null;
  sentFields: Record<string, string>;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Narrows a decoded record; undefined when it is not a ledger entry (the caller counts it as unreadable). */
export function toLedgerEntry(value: unknown): LedgerEntry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const phase = v['phase'];
  const module = str(v['module']);
  if ((phase !== 'INTENT' && phase !== 'OUTCOME') || !module || typeof v['externalId'] !== 'string') return undefined;
  const result = v['result'];
  const sent = v['sentFields'];
  return {
    phase,
    operation: str(v['operation']),
    module,
    externalIdField: str(v['externalIdField']) ?? '',
    externalId: v['externalId'],
    zohoId: str(v['zohoId']),
    result: result === 'INSERTED' || result === 'UPDATED' || result === 'DELETED' || result === 'FAILED' ? result : null,
    entity: str(v['entity']),
    recordKey: str(v['recordKey']),
    locationId: str(v['locationId']),
    sentFields:
      typeof sent === 'object' && sent !== null
        ? Object.fromEntries(Object.entries(sent as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'))
        : {},
  };
}

/**
 * The reconciled entity of a ledger entry: its own `entity`, else its recordKey's, else the module's
 * (Contacts by PANDA_Patient_Key are patients; other Contacts are referring dentists).
 */
export function ledgerEntityOf(entry: LedgerEntry): string | undefined {
  if (entry.entity) return entry.entity;
  const fromKey = entry.recordKey ? parseRecordKey(entry.recordKey)?.entity : undefined;
  if (fromKey) return fromKey;
  if (entry.module === 'Contacts') return entry.externalIdField === 'PANDA_Patient_Key' ? 'patient' : 'referring_dentist';
  return ENTITY_TARGETS.find((t) => t.module === entry.module)?.entity;
}

/** The key a ledger record is reconciled under: the contact key for patients, the record key otherwise. */
export function ledgerKeyOf(entity: string, entry: LedgerEntry): string {
  if (entity === 'patient') return entry.externalId;
  return entry.recordKey ?? (entry.externalId || entry.zohoId || '');
}
