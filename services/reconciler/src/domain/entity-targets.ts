/**
 * What the reconciler compares, per migrated entity: the Zoho module it lands in, the source entities
 * it is assembled from, and how the deduper treats it. Patient children and referrers are written by
 * the zoho-writer; this table only says where to look.
 */
export interface EntityTarget {
  entity: string;
  module: string;
  /** Entities on `<ns>.source.<entity>.v1` whose live rows this entity stands for (a chart is one exam). */
  sourceEntity: string;
  /** Source entities folded into this one (dead letters of a perio_site count against perio_chart). */
  partEntities: readonly string[];
  /** patient: PatientResolved contacts; record: RecordNormalized golden records on `<ns>.resolved.<entity>.v1`; none: every normalized record. */
  dedupe: 'patient' | 'record' | 'none';
  /** false when the module cannot be listed (Attachments hang from their parent): Zoho is not read back. */
  readBack: boolean;
  /**
   * Prefix of the record key a Zoho record carrying external id X is counted under when the ledger does
   * not know it (default: X itself). CDT Products: `cdt:` (ledger recordKey `cdt:<code>`).
   */
  externalKeyPrefix?: string;
  /**
   * Records the writer keeps once nothing expects them any more (a CDT code's Product, unlinked from its
   * last plan, is never deleted): written and Zoho must hold every expected key and agree with each
   * other, but may hold more.
   */
  keepsUnused?: boolean;
}

export const ENTITY_TARGETS: readonly EntityTarget[] = [
  { entity: 'patient', module: 'Contacts', sourceEntity: 'patient', partEntities: [], dedupe: 'patient', readBack: true },
  { entity: 'referring_practice', module: 'Accounts', sourceEntity: 'referring_practice', partEntities: [], dedupe: 'record', readBack: true },
  { entity: 'referring_dentist', module: 'Contacts', sourceEntity: 'referring_dentist', partEntities: [], dedupe: 'record', readBack: true },
  { entity: 'perio_chart', module: 'PANDA_Charting', sourceEntity: 'perio_exam', partEntities: ['perio_site', 'perio_tooth'], dedupe: 'none', readBack: true },
  { entity: 'treatment_plan', module: 'Deals', sourceEntity: 'treatment_plan', partEntities: ['treatment_procedure'], dedupe: 'none', readBack: true },
  { entity: 'clinical_note', module: 'Notes', sourceEntity: 'clinical_note', partEntities: [], dedupe: 'none', readBack: true },
  { entity: 'clinical_flag', module: 'Tasks', sourceEntity: 'clinical_flag', partEntities: [], dedupe: 'none', readBack: true },
  { entity: 'motivation_report', module: 'Attachments', sourceEntity: 'motivation_report', partEntities: [], dedupe: 'none', readBack: false },
  // A text letter is a Note, a PDF letter an Attachment: counted from the ledger, not read back.
  { entity: 'referral_letter', module: 'Notes', sourceEntity: 'referral_letter', partEntities: [], dedupe: 'none', readBack: false },
];

/**
 * ZOHO_CDT_CODES=products: one Products record per CDT code (ledger entity `cdt_product`, recordKey
 * `cdt:<code>`). Expected: the distinct codes of the live treatment plans (`cdtCodes`), at the
 * locations of the plans using them; its source and normalized counts are those same (code, location)
 * pairs, since codes have no source rows of their own. Counted only when the reconciler runs in
 * products mode or the ledger holds Products (picklist mode's report is unchanged).
 */
export const CDT_PRODUCT_TARGET: EntityTarget = {
  entity: 'cdt_product', module: 'Products', sourceEntity: 'treatment_plan', partEntities: [], dedupe: 'none', readBack: true, externalKeyPrefix: 'cdt:', keepsUnused: true,
};

/** The key of a CDT code's Product (the writer's ledger recordKey). */
export const cdtProductKey = (code: string) => `cdt:${code}`;

/**
 * Records the writer keeps in Zoho outside the ledger, not any entity's: the Account every Deal hangs
 * from (zoho-writer's DEALS_ACCOUNT_KEY, upserted at start).
 */
export const WRITER_OWN_RECORDS: ReadonlyArray<{ module: string; externalId: string }> = [{ module: 'Accounts', externalId: 'panda2zoho:patients' }];

const BY_ENTITY = new Map(ENTITY_TARGETS.map((t) => [t.entity, t]));

export function targetOf(entity: string): EntityTarget | undefined {
  return BY_ENTITY.get(entity);
}

/** The reconciled entity a source-level or stage entity belongs to (perio_site → perio_chart); undefined when none (provider, pms_bridge). */
export function reconciledEntityOf(entity: string): string | undefined {
  return ENTITY_TARGETS.find((t) => t.entity === entity || t.sourceEntity === entity || t.partEntities.includes(entity))?.entity;
}

/** `<locationId>:<entity>:<sourceKey>` → its parts; undefined for any other shape. */
export function parseRecordKey(recordKey: string): { locationId: string; entity: string; sourceKey: string } | undefined {
  const [locationId, entity, ...rest] = recordKey.split(':');
  if (!locationId || !entity || rest.length === 0) return undefined;
  return { locationId, entity, sourceKey: rest.join(':') };
}
