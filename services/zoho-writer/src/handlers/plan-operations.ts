import type { PatientResolved, RecordNormalized } from '@panda2zoho/events';
import type { ZohoGateway } from '../adapters/zoho-gateway.ts';
import { CONTACTS_MODULE, EXTERNAL_ID_FIELD, toContactRecord } from '../domain/contact-mapping.ts';
import { contactSearches, preExistingMatch, updateOfExisting } from '../domain/existing-contact-match.ts';
import type { IdIndex, IndexedRecord } from '../domain/id-index.ts';
import { encodeSentFields, type LedgerOperation } from '../domain/ledger-entries.ts';
import { toAttachment, toNote, toZohoRecord, type EntityTarget, type LetterReferrer } from '../domain/record-mapping.ts';
import { DELETED_FLAG_FIELD } from '../domain/zoho-schema.ts';
import type { PlannedOperation } from './execute-operations.ts';

export type DeletePolicy = 'delete' | 'mark';

function operation(over: Partial<LedgerOperation> & Pick<LedgerOperation, 'operation' | 'module' | 'entity' | 'recordKey' | 'intendedResult'>): LedgerOperation {
  return {
    externalIdField: '', externalId: over.recordKey, locationId: null, memberKeys: [], parentModule: null, parentZohoId: null, zohoId: null,
    sentFields: {}, existedBefore: false, beforeImage: null, sourceEventIds: [], ...over,
  };
}

/**
 * A patient's Contact write. Never written by us before → look for a Contact that already exists
 * (e-mail, then phone, then name + birth date) and was not created by the migration; if one does, it
 * is updated by id with its before-image in the intent, otherwise upserted by PANDA_Patient_Key.
 * Null when a pre-existing Contact already holds every migrated value. `owner` (from the owner map)
 * goes on Contacts the migration writes; a pre-existing Contact keeps the owner the practice gave it.
 */
export async function planPatientWrite(
  gateway: ZohoGateway,
  index: IdIndex,
  event: PatientResolved,
  message: number,
  sourceEventIds: string[],
  owner: { id: string } | null = null,
): Promise<PlannedOperation | null> {
  const record = toContactRecord(event.contactKey, event.patient!, event.insuranceCarrier ?? null, event.guarantor ?? null);
  const common = {
    module: CONTACTS_MODULE, entity: 'patient', recordKey: event.contactKey, externalIdField: EXTERNAL_ID_FIELD, externalId: event.contactKey,
    locationId: event.source.locationId, memberKeys: event.members.map((m) => m.recordKey), sourceEventIds,
  };
  const updateExisting = (current: Record<string, unknown>, id: string): PlannedOperation | null => {
    const { changes, beforeImage } = updateOfExisting(current, record);
    if (Object.keys(changes).length === 0) return null;
    const op = operation({ ...common, operation: 'UPDATE', intendedResult: 'UPDATED', zohoId: id, existedBefore: true, beforeImage, sentFields: encodeSentFields(changes) });
    return { op, call: { kind: 'update', record: { ...changes, id } }, message };
  };
  const known = index.get(event.contactKey);
  if (known?.existedBefore) {
    // Still the practice's Contact: never blank its values, and keep a before-image of every later change too.
    const current = await gateway.getRecord(CONTACTS_MODULE, known.zohoId, Object.keys(record));
    if (current) return updateExisting(current, known.zohoId);
    // Deleted in Zoho meanwhile: fall through to the upsert, which creates it again.
  }
  if (!known) {
    for (const search of contactSearches(event.patient!)) {
      const hits = await gateway.search(CONTACTS_MODULE, search.param, search.value);
      if (hits.length === 0) continue;
      const match = preExistingMatch(hits);
      if (!match || typeof match['id'] !== 'string') break;
      return updateExisting(match, match['id']);
    }
  }
  const owned = owner ? { ...record, Owner: owner } : record;
  // Not in the ledger and no pre-existing match: this call creates the Contact (a replay answers 'update').
  const op = operation({ ...common, operation: 'UPSERT', intendedResult: known ? 'UPDATED' : 'INSERTED', existedBefore: known?.existedBefore ?? false, sentFields: encodeSentFields(owned) });
  return { op, call: { kind: 'upsert', record: owned }, message };
}

export function planRecordWrite(
  event: RecordNormalized,
  target: EntityTarget,
  parents: Map<string, { module: string; id: string }>,
  main: IndexedRecord | null,
  known: IndexedRecord | undefined,
  ctx: { dealsAccountId: string; cdtCodes?: 'picklist' | 'products'; message: number; sourceEventIds: string[]; owner?: { id: string } | null; referrer?: LetterReferrer | null },
): PlannedOperation | { skip: string } | { refuse: string; reason: string } {
  const ownerField = ctx.owner ? { Owner: ctx.owner } : {};
  const common = {
    entity: event.entity, recordKey: event.recordKey, locationId: event.source.locationId, sourceEventIds: ctx.sourceEventIds,
    // A golden referrer also stands for the records merged into it: children naming those find it.
    memberKeys: event.mergedFrom,
    parentModule: main?.module ?? null, parentZohoId: main?.zohoId ?? null,
  };
  if (target.kind === 'record') {
    const record = { ...toZohoRecord(event, { parents, dealsAccountId: ctx.dealsAccountId, ...(ctx.cdtCodes ? { cdtCodes: ctx.cdtCodes } : {}) }), ...ownerField };
    const op = operation({ ...common, operation: 'UPSERT', intendedResult: known ? 'UPDATED' : 'INSERTED', module: target.module, externalIdField: target.externalIdField!, sentFields: encodeSentFields(record) });
    return { op, call: { kind: 'upsert', record }, message: ctx.message };
  }
  if (!main) return { refuse: 'PARENT_MISSING_IN_EVENT', reason: `${event.entity} has no parent to hang from` };
  if (target.kind === 'note') {
    const note = { ...toNote(event, ctx.referrer ?? null), ...ownerField };
    if (known) {
      const op = operation({ ...common, operation: 'NOTE', intendedResult: 'UPDATED', module: 'Notes', zohoId: known.zohoId, sentFields: encodeSentFields(note) });
      return { op, call: { kind: 'note-update', note: { id: known.zohoId, ...note } }, message: ctx.message };
    }
    const full = { ...note, Parent_Id: { module: { api_name: main.module }, id: main.zohoId } };
    const op = operation({ ...common, operation: 'NOTE', intendedResult: 'INSERTED', module: 'Notes', sentFields: encodeSentFields(full) });
    return { op, call: { kind: 'note-create', note: full }, message: ctx.message };
  }
  if (known) return { skip: 'ALREADY_ATTACHED: the report is attached (the ledger has it); attachments are never replaced' };
  const file = toAttachment(event);
  if (!file) return { refuse: 'NO_FILE', reason: `the ${event.entity} carries no PDF bytes` };
  const op = operation({ ...common, operation: 'ATTACH', intendedResult: 'INSERTED', module: 'Attachments', sentFields: { File_Name: JSON.stringify(file.fileName), Size: JSON.stringify(file.bytes.length), Parent_Id: JSON.stringify({ module: { api_name: main.module }, id: main.zohoId }) } });
  return { op, call: { kind: 'attach', parentModule: main.module, parentId: main.zohoId, fileName: file.fileName, bytes: file.bytes }, message: ctx.message };
}

/**
 * A source delete. `delete`: the record's children (as the ledger knows them) first, then the record;
 * attachments go with their parent in Zoho. `mark`: PANDA_Deleted = true (a note's title is prefixed).
 */
export function planDelete(
  known: IndexedRecord,
  policy: DeletePolicy,
  index: IdIndex,
  ctx: { message: number; sourceEventIds: string[]; locationId: string | null },
): PlannedOperation[] | { skip: string } {
  const base = (r: IndexedRecord) => ({
    entity: r.entity, recordKey: r.recordKey, module: r.module, externalIdField: r.externalIdField, locationId: ctx.locationId, zohoId: r.zohoId,
    existedBefore: r.existedBefore, sourceEventIds: ctx.sourceEventIds,
  });
  if (policy === 'mark') {
    if (known.module === 'Attachments') return { skip: 'mark policy: an attachment cannot carry a deleted flag; kept' };
    if (known.module === 'Notes') return { skip: 'mark policy: notes have no deleted flag; kept' };
    const record = { id: known.zohoId, [DELETED_FLAG_FIELD]: true };
    return [{ op: operation({ ...base(known), operation: 'UPDATE', intendedResult: 'UPDATED', sentFields: encodeSentFields({ [DELETED_FLAG_FIELD]: true }) }), call: { kind: 'update', record }, message: ctx.message }];
  }
  if (known.existedBefore) return { skip: 'DELETE_OF_PRE_EXISTING: the record existed before the migration; not deleted (rollback restores it)' };
  if (known.module === 'Attachments') return { skip: 'attachments are removed with their parent record' };
  // Depth first: a chart's overflow notes go before the chart, the chart before its Contact.
  const descendants = (zohoId: string): IndexedRecord[] =>
    index.childrenOf(zohoId).filter((c) => c.module !== 'Attachments' && !c.existedBefore).flatMap((c) => [...descendants(c.zohoId), c]);
  const children = descendants(known.zohoId);
  return [
    ...children.map((c): PlannedOperation => ({ op: operation({ ...base(c), operation: 'DELETE', intendedResult: 'DELETED' }), call: { kind: 'delete', id: c.zohoId }, message: ctx.message })),
    { op: operation({ ...base(known), operation: 'DELETE', intendedResult: 'DELETED' }), call: { kind: 'delete', id: known.zohoId }, message: ctx.message },
  ];
}
