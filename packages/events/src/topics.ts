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
  zohoLedger: string;
  reconciliation: string;
  deadLetter(service: string): string;
}

export function topicNames(namespace: string): TopicNames {
  return {
    sourceChanged: (entity) => `${namespace}.source.${entity}.v1`,
    patientNormalized: `${namespace}.normalized.patient.v1`,
    patientResolved: `${namespace}.resolved.patient.v1`,
    zohoLedger: `${namespace}.zoho.ledger.v1`,
    reconciliation: `${namespace}.reconciliation.v1`,
    deadLetter: (service) => `${namespace}.dlq.${service}.v1`,
  };
}

export function debeziumTopic(prefix: string, database: string, table: string, schema = 'dbo'): string {
  return `${prefix}.${database}.${schema}.${table}`;
}
