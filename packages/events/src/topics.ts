/**
 * Topic names: `<namespace>.<stage>.<entity>.v<major>` for events, `<namespace>.dlq.<service>.v1` for
 * dead letters. The namespace is configuration (tests use a unique one per run). Debezium's topics keep
 * Debezium's own scheme: `<prefix>.<database>.<schema>.<table>`. Written in docs/architecture.md.
 */
export interface TopicNames {
  /** Canonical source rows of one entity (patient, perio_site, …). */
  sourceChanged(entity: string): string;
  patientNormalized: string;
  patientResolved: string;
  /** RecordNormalized events of a non-patient entity (referring_practice, perio_chart, …). */
  recordNormalized(entity: string): string;
  /** RecordNormalized golden records of a deduplicated non-patient entity (referring_practice, referring_dentist). */
  recordResolved(entity: string): string;
  /** DataQualityIssueRaised events from every stage. */
  dataQualityIssues: string;
  /** DedupeDecisionRecorded: the deduper's rule decisions and operators' review/unmerge decisions (one partition). */
  dedupeDecisions: string;
  zohoLedger: string;
  /** MappingRecorded (PROPOSED, CONFIRMED): the field map and who confirmed which version. */
  controlMapping: string;
  /** AuditRecorded: operator actions. */
  controlAudit: string;
  /** SampleRecorded: sample migrations' diffs (PHI) and decisions. */
  controlSample: string;
  /** ZohoCompensationPlanned: a rollback's steps, from the CLI to the zoho-writer. */
  zohoCompensations: string;
  reconciliation: string;
  deadLetter(service: string): string;
}

export function topicNames(namespace: string): TopicNames {
  return {
    sourceChanged: (entity) => `${namespace}.source.${entity}.v1`,
    patientNormalized: `${namespace}.normalized.patient.v1`,
    patientResolved: `${namespace}.resolved.patient.v1`,
    recordNormalized: (entity) => `${namespace}.normalized.${entity}.v1`,
    recordResolved: (entity) => `${namespace}.resolved.${entity}.v1`,
    dataQualityIssues: `${namespace}.quality.issues.v1`,
    dedupeDecisions: `${namespace}.dedupe.decisions.v1`,
    zohoLedger: `${namespace}.zoho.ledger.v1`,
    controlMapping: `${namespace}.control.mapping.v1`,
    controlAudit: `${namespace}.control.audit.v1`,
    controlSample: `${namespace}.control.sample.v1`,
    zohoCompensations: `${namespace}.zoho.compensations.v1`,
    reconciliation: `${namespace}.reconciliation.v1`,
    deadLetter: (service) => `${namespace}.dlq.${service}.v1`,
  };
}

export function debeziumTopic(prefix: string, database: string, table: string, schema = 'dbo'): string {
  return `${prefix}.${database}.${schema}.${table}`;
}
