// Generated from schemas/ by `npm run generate:types`. Do not edit: a test fails when this is stale.
/*
 * Sources:
 *   audit-recorded.avsc
 *   data-quality-issue-raised.avsc
 *   dedupe-decision-recorded.avsc
 *   mapping-recorded.avsc
 *   patient-normalized.avsc
 *   patient-resolved.avsc
 *   reconciliation-reported.avsc
 *   record-normalized.avsc
 *   sample-recorded.avsc
 *   source-record-changed.avsc
 *   zoho-compensation-planned.avsc
 *   zoho-operation-recorded.avsc
 */

/** An operator action (who did what to which subject, when), on <ns>.control.audit.v1. Produced by the CLI's admin commands and the control service; kept forever. Never carries PHI or tokens. */
export interface AuditRecorded {
  eventId: string;
  /** The operator's name (from --as, P2Z_OPERATOR_NAME or the console login). */
  actor: string;
  /** Stable code, e.g. MAPPING_CONFIRMED, MAPPING_PROPOSED, CONSOLE_LOGIN, CONSOLE_LOGIN_REFUSED. */
  action: string;
  /** What it acted on, e.g. mapping:sha256:<hex>. */
  subject: string;
  atMs: number;
  /** cli or console. */
  via: string;
  /** Free text without PHI or secrets. */
  detail: null | string;
}

/** Bytes, wrapped: Avro promotes bytes and string into each other when resolving unions, which would turn binary into text on a schema change. */
export interface BinaryValue {
  data: Buffer;
}

export type ChangeOperation = 'UPSERT' | 'DELETE';

export type CompensationAction = 'DELETE' | 'RESTORE' | 'DELETE_FIELD';

export interface CutoverBlocker {
  /** LAG, COUNTS, FIELDS, ISSUES, DEAD_LETTERS, FAILED, READ_BACK. */
  kind: string;
  entity: null | string;
  locationId: null | string;
  /** Counts and names only, never a value. */
  detail: string;
}

/** A problem found in a value. Never carries the value itself (PHI). */
export interface DataQualityIssue {
  code: string;
  field: string;
  message: string;
}

/** A change of meaning or a problem found while moving a record (sentinel date nulled, value moved to a note, placeholder last name, SSN dropped, unknown code, …). Carries no PHI: PHI fields are described, not quoted. Produced by the normalizer (and deduper, writer); counted by the reconciler. */
export interface DataQualityIssueRaised {
  /** Deterministic: hash of record key, field, rule and input event id. */
  eventId: string;
  entity: string;
  recordKey: string;
  locationId: string;
  field: string;
  /** Stable code, e.g. DATE_SENTINEL, VALUE_TOO_LONG_MOVED_TO_NOTE, LAST_NAME_PLACEHOLDER. */
  rule: string;
  severity: IssueSeverity;
  /** What was done: NULLED, TRUNCATED, MOVED_TO_NOTE, PLACEHOLDER, DROPPED, TOKENISED, DEAD_LETTERED, KEPT. */
  action: string;
  /** Previous value for non-PHI fields (codes, grades); a shape description ("date 0001-01-01", "312 chars") never a PHI value. */
  before: null | string;
  /** Same rules as before. */
  after: null | string;
  /** Human-readable, without PHI. */
  message: string;
  /** Service that raised it. */
  producer: string;
  sourceEventId: string;
}

export interface DeadLetterCount {
  service: string;
  entity: string;
  count: number;
}

export type DedupeDecider = 'RULE' | 'OPERATOR';

export type DedupeDecisionKind = 'MERGE' | 'REVIEW_PENDING' | 'REVIEW_ACCEPTED' | 'REVIEW_REJECTED' | 'UNMERGE';

/** A deduplication decision: a rule merged a pair, queued it for review, or an operator accepted, rejected or unmerged. On <ns>.dedupe.decisions.v1 (one partition: one total order). Carries record keys, rule names and similarity numbers, never a patient value. */
export interface DedupeDecisionRecorded {
  /** Deterministic: derived from the kind, the pair or record and the evidence (rule decisions) or the operator, target and time (operator decisions). */
  decisionId: string;
  kind: DedupeDecisionKind;
  /** patient (referrer merges are not reviewed). */
  entity: string;
  /** The pair's stable id (the review id an operator accepts or rejects); null for UNMERGE. */
  pairId: null | string;
  /** <locationId>:patient:<sourceKey> of the pair (sorted), or of the record split out (UNMERGE). */
  recordKeys: Array<string>;
  /** UNMERGE: the contact the record is split out of. */
  contactKey: null | string;
  score: null | number;
  /** Rule names that fired (dob-equal, first-name-nickname, phone-shared…): never a value. */
  reasons: Array<string>;
  decidedBy: DedupeDecider;
  /** The operator's name (OPERATOR decisions). */
  operator: null | string;
  /** OPERATOR decisions: when the operator decided (epoch ms). Null for rule decisions, which derive from data only. */
  decidedAtMs: null | number;
  /** OPERATOR decisions: HMAC-SHA256 (base64url) of the decision's content with the operator token; the deduper ignores operator decisions without a valid one. */
  signature: null | string;
}

export interface EntityReconciliation {
  entity: string;
  /** Distinct live source rows. */
  source: number;
  /** Distinct records the deduper expects in Zoho. */
  resolved: number;
  /** Distinct records the ledger says are in Zoho. */
  written: number;
  /** Records read back from Zoho carrying a PANDA key. */
  zoho: number;
  deadLettered: number;
  match: boolean;
  /** Zoho module the entity is written to. */
  module: string;
  normalized: number;
  /** Records whose last ledger outcome is FAILED. */
  failed: number;
  /** Data-quality issues raised for this entity (any severity). */
  openIssues: number;
  /** ERROR-severity issues: they block cutover. */
  blockingIssues: number;
  /** Field values compared with Zoho (sent by the last successful write). */
  fieldsCompared: number;
  fieldMismatches: number;
  /** false when the module is not read back (Attachments): zoho is then 0 and not compared. */
  zohoReadBack: boolean;
  locations: Array<LocationReconciliation>;
}

export interface FieldMismatch {
  entity: string;
  locationId: string;
  recordKey: string;
  /** Zoho API name; * for a record missing in Zoho. */
  field: string;
  /** DIFFERENT, MISSING_IN_ZOHO. */
  kind: string;
}

export interface IssueCount {
  entity: string;
  locationId: string;
  rule: string;
  severity: string;
  count: number;
}

export type IssueSeverity = 'INFO' | 'WARNING' | 'ERROR';

export type LedgerPhase = 'INTENT' | 'OUTCOME';

export interface LocationReconciliation {
  locationId: string;
  source: number;
  normalized: number;
  resolved: number;
  written: number;
  zoho: number;
  failed: number;
  openIssues: number;
  blockingIssues: number;
  fieldMismatches: number;
  match: boolean;
}

export type MappingEventKind = 'PROPOSED' | 'CONFIRMED';

/** A field mapping was proposed (MappingProposed: kind PROPOSED, with the mapping file) or confirmed by an operator (MappingConfirmed: kind CONFIRMED). Produced by `panda2zoho map propose|confirm` and the control service on <ns>.control.mapping.v1; read by the mapping gate (normalizer stamps the confirmed version, writer refuses other versions) and the control service. Carries column names, targets and value-profile shares, never a value. */
export interface MappingRecorded {
  /** PROPOSED: derived from the version; CONFIRMED: random (each confirmation is its own fact). */
  eventId: string;
  kind: MappingEventKind;
  /** sha256:<hex> of the mapping file's canonical content (comments and key order do not count). */
  mappingVersion: string;
  /** When it was proposed or confirmed (epoch ms). */
  atMs: number;
  /** Who confirmed (the operator's name) or proposed (`map propose`, or the operator who edited the file). */
  actor: string;
  /** cli or console. */
  via: string;
  /** PROPOSED: the mapping file (YAML). CONFIRMED: null (the PROPOSED event of the same version holds it). */
  mappingYaml: null | string;
  /** Source columns the file lists. */
  columns: number;
  mapped: number;
  excluded: number;
  unmapped: number;
}

export interface NormalizedPatient {
  patientId: string;
  chartNumber: null | string;
  firstName: null | string;
  middleName: null | string;
  lastName: null | string;
  preferredName: null | string;
  /** YYYY-MM-DD, or null when absent or impossible. */
  dateOfBirth: null | string;
  sex: null | string;
  email: null | string;
  homePhoneE164: null | string;
  mobilePhoneE164: null | string;
  workPhoneE164: null | string;
  addressLine1: null | string;
  addressLine2: null | string;
  city: null | string;
  state: null | string;
  postalCode: null | string;
  country: null | string;
  status: null | string;
  /** ISO-8601 with offset. */
  sourceCreatedAt: null | string;
  /** ISO-8601 with offset. */
  sourceModifiedAt: null | string;
  /** The home phone for people to read: national format when the number belongs to PRACTICE_COUNTRY (e.g. (312) 555-0147), else international (+44 20 7946 0958); null when the E.164 value is (v3). */
  homePhoneDisplay: null | string;
  /** The mobile phone for people to read: national format when the number belongs to PRACTICE_COUNTRY (e.g. (312) 555-0147), else international (+44 20 7946 0958); null when the E.164 value is (v3). */
  mobilePhoneDisplay: null | string;
  /** The work phone for people to read: national format when the number belongs to PRACTICE_COUNTRY (e.g. (312) 555-0147), else international (+44 20 7946 0958); null when the E.164 value is (v3). */
  workPhoneDisplay: null | string;
  /** The patient's primary provider as a record key, <locationId>:provider:<ProviderID>; the writer maps it to the Contact's Owner through the confirmed owner map. Null when the patient has none. */
  primaryProviderKey: null | string;
}

/** A record this one hangs from in Zoho (patient Contact, practice Account, exam chart, provider). */
export interface ParentRef {
  /** patient, practice, provider, exam, compared_to, referrer (a referral letter's referring dentist), record (an overflow note's owner) */
  role: string;
  entity: string;
  recordKey: string;
}

/** Who answers for a patient's bill, as the source names them (Patients.GuarantorName, GuarantorRelation). The name is PHI: never logged. */
export interface PatientGuarantor {
  /** GuarantorName: white space collapsed, a name typed in all capitals or all lower case title-cased; null when empty. */
  name: null | string;
  /** GuarantorRelation (Self, Spouse, Parent…): white space collapsed, all capitals or all lower case title-cased; null when empty. */
  relation: null | string;
}

/** A patient change with Zoho-ready values. Produced by the normalizer. */
export interface PatientNormalized {
  eventId: string;
  source: SourceRef;
  operation: ChangeOperation;
  patient: null | NormalizedPatient;
  /** Patient's insurance carrier through the normalizer's synonym list (NORMALIZER_CARRIER_SYNONYMS); the tidied source spelling when no synonym matched; null for a delete or none. Outside `patient` so PatientResolved, which embeds NormalizedPatient, keeps its shape. */
  insuranceCarrier: null | string;
  /** The patient's guarantor; null when the source names neither a guarantor nor a relation, and for a delete (v4). Outside `patient`, like insuranceCarrier. */
  guarantor: null | PatientGuarantor;
  /** HMAC-SHA256 token of the SSN (digits only) when NORMALIZER_SSN=tokenise; null by default (the SSN is dropped). Never the SSN itself. */
  ssnToken: null | string;
  issues: Array<DataQualityIssue>;
}

/** A golden patient record: one real person (a Zoho Contact), merged from one or more source patients. Produced by the deduper. */
export interface PatientResolved {
  eventId: string;
  /** Stable id of the person across locations; the Contact's external id in Zoho. */
  contactKey: string;
  /** Which rule assigned contactKey (e.g. exact-name-dob, source-key). */
  matchRule: string;
  source: SourceRef;
  operation: ChangeOperation;
  patient: null | NormalizedPatient;
  /** The golden record's insurance carrier (PatientNormalized.insuranceCarrier of the surviving member, by the same survivorship as every patient field; listed in `survivorship` as insuranceCarrier) (v4). */
  insuranceCarrier: null | string;
  /** The golden record's guarantor (PatientNormalized.guarantor of the surviving member: name and relation survive together, by the same survivorship as every patient field; listed in `survivorship` as guarantor) (v5). */
  guarantor: null | PatientGuarantor;
  /** Every source patient this contact stands for (one unless the deduper merged). Children (charts, plans, notes…) name a member's recordKey as their patient parent; the writer finds the Contact through this list. */
  members: Array<ResolvedMember>;
  /** Explains the golden record: for each non-empty field, the member it came from (v3). */
  survivorship: Array<SurvivingValue>;
  issues: Array<DataQualityIssue>;
}

/** Reconciliation per entity and location: source, normalized, resolved, ledger and Zoho counts, field comparison, data-quality issues, dead letters, lag and cutover readiness. Produced by the reconciler, periodically and on demand. Carries record keys and field names, never field values. */
export interface ReconciliationReported {
  reportId: string;
  generatedAtMs: number;
  entities: Array<EntityReconciliation>;
  /** Cutover readiness: no blockers. */
  ready: boolean;
  /** Records per entity whose fields were compared, when sampled; null = all. */
  sample: null | number;
  blockers: Array<CutoverBlocker>;
  lag: Array<StageLag>;
  deadLetters: Array<DeadLetterCount>;
  issues: Array<IssueCount>;
  mismatches: Array<FieldMismatch>;
}

/** A non-patient PANDA record (referring practice or dentist, provider, perio chart, treatment plan, clinical note, clinical flag, motivation report, referral letter) with Zoho-ready values. Produced by the normalizer on <ns>.normalized.<entity>.v1 (and, for referrers, by the deduper on <ns>.resolved.<entity>.v1). Deterministic: the same input yields byte-identical events. */
export interface RecordNormalized {
  /** Deterministic, derived from the input event(s). */
  eventId: string;
  /** Normalized entity: referring_practice, referring_dentist, provider, perio_chart, treatment_plan, clinical_note, clinical_flag, motivation_report, referral_letter, overflow_note. */
  entity: string;
  /** Stable identity of the record across the pipeline and the writer's external id: <locationId>:<entity>:<sourceKey> (the deduper's golden key for merged referrers). */
  recordKey: string;
  source: SourceRef;
  operation: ChangeOperation;
  /** Content hash of the confirmed field map the values were produced under; null before mapping is configured. */
  mappingVersion: null | string;
  parents: Array<ParentRef>;
  /** Normalized field → value (names per entity in docs/architecture.md; bytes wrapped as BinaryValue). Null for a delete without a last image. */
  fields: null | Record<string, null | boolean | number | string | BinaryValue>;
  /** Record keys the deduper merged into this golden record (empty from the normalizer). */
  mergedFrom: Array<string>;
  issues: Array<DataQualityIssue>;
}

/** A source patient record merged into this contact. */
export interface ResolvedMember {
  /** <locationId>:patient:<sourceKey>, as RecordNormalized.parents use it. */
  recordKey: string;
  locationId: string;
  sourceKey: string;
}

export interface SampleEntitySummary {
  entity: string;
  expected: number;
  written: number;
  inZoho: number;
  same: number;
  changed: number;
  derived: number;
  differs: number;
  notWritten: number;
  missing: number;
}

export type SampleEventKind = 'REVIEWED' | 'KEPT' | 'ROLLED_BACK';

export interface SampleFieldDiff {
  entity: string;
  /** <location>:<entity>:<source key> */
  recordKey: string;
  sourceField: null | string;
  /** <Module>.<api name> */
  zohoField: null | string;
  sourceValue: null | string;
  zohoValue: null | string;
  /** same | changed (the pipeline transformed it, Zoho holds what was sent) | derived (no source column) | differs (Zoho holds something else than was sent) | not-written | missing (record not in Zoho) */
  status: string;
}

/** A sample migration, on <ns>.control.sample.v1: REVIEWED carries the field-level diff (source value -> Zoho value) for the operator; KEPT and ROLLED_BACK record the decision. Holds PHI (the diff's values): as sensitive as the ledger and Zoho itself. Kept forever. */
export interface SampleRecorded {
  eventId: string;
  kind: SampleEventKind;
  /** Also the writer's run id of the sample (rollback --run <sampleId>). */
  sampleId: string;
  atMs: number;
  /** Who ran or decided it (no PHI). */
  actor: string;
  /** cli or console. */
  via: string;
  mappingVersion: null | string;
  patients: number;
  entities: Array<SampleEntitySummary>;
  fields: Array<SampleFieldDiff>;
}

/** A row of a PANDA table changed in a source (Debezium CDC, Change Tracking or a CSV export). Produced by the extractor, one topic per entity; the three inputs produce identical fields for the same stored row. */
export interface SourceRecordChanged {
  /** Deterministic: derived from source system, location, table, key and position, so a re-sent change has the same id. */
  eventId: string;
  /** Canonical entity (packages/panda-model ENTITIES), e.g. patient, perio_site. */
  entity: string;
  source: SourceRef;
  operation: ChangeOperation;
  extractedAtMs: number;
  /** Canonical field → canonical value (see panda-model canonical-value.ts; binary values are wrapped as BinaryValue). A delete carries the last known row when the source has one (CDC does, Change Tracking does not), else null. */
  fields: null | Record<string, null | boolean | number | string | BinaryValue>;
}

/** Where a row came from; together these identify it across the pipeline. */
export interface SourceRef {
  sourceSystem: SourceSystem;
  /** Practice location (a PANDA database). */
  locationId: string;
  sourceTable: string;
  /** Primary key of the row in its table, as text. */
  sourceKey: string;
  /** Position in the source's change stream (LSNs, CT version, or file:line). */
  sourcePosition: string;
  /** Commit time in the source database, epoch ms. */
  sourceCommittedAtMs: null | number;
}

/** How the row reached us. */
export type SourceSystem = 'DEBEZIUM_CDC' | 'CHANGE_TRACKING' | 'CSV_EXPORT';

export interface StageLag {
  stage: string;
  groupId: string;
  topic: string;
  lag: number;
}

/** Which member a golden field's value came from, and by which rule. */
export interface SurvivingValue {
  field: string;
  /** The member whose value survived. */
  recordKey: string;
  /** most-recent-non-empty, location-priority (tie on modified time), only-value */
  rule: string;
}

/** One step of a rollback, planned by `panda2zoho rollback` from the writer's ledger and executed by the zoho-writer: delete a record the migration created, or restore the before-image of a pre-existing record it updated, or (rollback --include-provisioning, last step) delete a custom field provisioning created (module: the field's module, zohoId: the field id, externalId: its api name). Carries the operator and time (the audit of the rollback). */
export interface ZohoCompensationPlanned {
  /** The compensation id: derived from the rollback id and the ledger operations it undoes, so a re-run plans the same ids. */
  eventId: string;
  /** Derived from run, scope and the ledger entries undone: re-running the same rollback resumes it. */
  rollbackId: string;
  /** The migration run being rolled back. */
  runId: string;
  /** Who asked for the rollback (a name, never a token). */
  operator: string;
  requestedAtMs: number;
  /** HMAC-SHA256 of eventId with the operator token (hex): the writer executes only compensations signed with its own P2Z_OPERATOR_TOKEN. */
  authTag: string;
  /** Order: every compensation of step n is done before step n+1 is planned (children first). */
  step: number;
  action: CompensationAction;
  module: string;
  /** The record (an attachment: the attachment id); null when it is found by externalId (the Deals account). */
  zohoId: null | string;
  externalIdField: string;
  externalId: string;
  /** Attachments: the module of the record they hang from. */
  parentModule: null | string;
  parentZohoId: null | string;
  entity: null | string;
  recordKey: string;
  locationId: null | string;
  /** RESTORE: api name -> JSON-encoded value before the migration's first change (null: the field was empty, it is cleared). PHI. */
  restoreFields: Record<string, string>;
  /** api name -> JSON-encoded value the migration last wrote; a record whose values differ was changed by someone else since and is skipped unless force. PHI. */
  expectedFields: Record<string, string>;
  /** Undo even a record changed in Zoho since the migration wrote it. */
  force: boolean;
  compensatedOperationIds: Array<string>;
}

export type ZohoIntendedResult = 'INSERTED' | 'UPDATED' | 'DELETED';

export type ZohoOperation = 'UPSERT' | 'DELETE' | 'CREATE' | 'UPDATE' | 'ATTACH' | 'NOTE' | 'RESTORE' | 'PROVISION' | 'LINK' | 'UNLINK' | 'DELETE_FIELD';

/** One entry of the writer's ledger: an intent before a Zoho call, an outcome after it. */
export interface ZohoOperationRecorded {
  eventId: string;
  runId: string;
  /** Pairs an intent with its outcome. */
  operationId: string;
  phase: LedgerPhase;
  /** UPSERT by external id; CREATE/UPDATE by id (e.g. a pre-existing Contact, the PANDA_Deleted mark); NOTE a note created or updated; ATTACH a file attached; DELETE; RESTORE a rollback putting back the before-image of a pre-existing record; PROVISION a custom field provisioning created (module: the field's module, externalIdField 'api_name', externalId the field's api name, zohoId the field id); LINK/UNLINK a related-list link made or removed (module and zohoId: the record linked, e.g. a Product; parentModule/parentZohoId: the record whose related list it is, e.g. the Deal); DELETE_FIELD a rollback removing a field provisioning created. */
  operation: ZohoOperation;
  module: string;
  externalIdField: string;
  externalId: string;
  zohoId: null | string;
  result: null | ZohoResult;
  errorCode: null | string;
  /** API name of the field Zoho rejected; never its value. */
  errorField: null | string;
  sourceEventIds: Array<string>;
  fieldsWritten: Array<string>;
  /** Normalized entity written (patient, referring_practice, perio_chart, ...). */
  entity: null | string;
  /** The record's pipeline identity: recordKey of a RecordNormalized, contactKey of a PatientResolved. */
  recordKey: null | string;
  /** Practice location of the source record (a merged patient: the location of the event that triggered the write). */
  locationId: null | string;
  /** Keys the record also stands for, so children naming them find it: a patient Contact's member recordKeys (<loc>:patient:<sourceKey>); a golden referrer's mergedFrom. */
  memberKeys: Array<string>;
  /** Notes and attachments: the module of the record they hang from. */
  parentModule: null | string;
  /** Notes and attachments: the Zoho id of the record they hang from. */
  parentZohoId: null | string;
  /** INTENT: Zoho api name -> JSON-encoded value sent (lookups as the id). PHI: the ledger topic is as sensitive as Zoho itself. */
  sentFields: Record<string, string>;
  /** The record existed in Zoho before the migration touched it (matched, not created by us): rollback restores beforeImage instead of deleting. */
  existedBefore: boolean;
  /** INTENT of an update to a pre-existing record: api name -> JSON-encoded value before the change, for every field sent. */
  beforeImage: null | Record<string, string>;
  /** INTENT: what the writer meant the call to do, decided before it: INSERTED a record neither the ledger nor a pre-existing match knew (an upsert or a new note/attachment), UPDATED one the migration wrote earlier or a pre-existing record (then existedBefore and beforeImage), DELETED. Trusted over Zoho's answer by crash recovery and rollback: an upsert replayed after a crash answers 'update' for a record that very call created. Null in entries written before it existed. */
  intendedResult: null | ZohoIntendedResult;
  /** OUTCOME written at restart for an intent whose outcome was lost in a crash, after looking the record up by its external id. */
  recovered: boolean;
  /** Set on the entries of a rollback's compensations (operation DELETE or RESTORE): the rollback they belong to; operationId is then the compensation's eventId. */
  rollbackId: null | string;
  /** Rollback entries: the operationIds of the migration's ledger entries this compensation undoes. */
  compensatedOperationIds: Array<string>;
  recordedAtMs: number;
}

export type ZohoResult = 'INSERTED' | 'UPDATED' | 'DELETED' | 'FAILED';
