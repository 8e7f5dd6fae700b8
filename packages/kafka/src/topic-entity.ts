/**
 * The entity a topic carries, for metric labels (never an id): `<ns>.<stage>.<entity>.v<N>` → entity;
 * `<ns>.dlq.<service>.v<N>` → `dead-letter`; `<ns>.zoho.ledger.v<N>` → `ledger`; a Debezium topic
 * `<prefix>.<database>.<schema>.<Table>` → the table in lower case without its plural s (`Patients` →
 * `patient`). Anything else → `other`, so an odd topic name cannot explode the label's cardinality.
 */
export function entityOfTopic(topic: string): string {
  const parts = topic.split('.');
  const last = parts[parts.length - 1] ?? '';
  if (/^v\d+$/.test(last) && parts.length >= 3) {
    const stage = parts[parts.length - 3];
    const entity = parts[parts.length - 2] ?? '';
    if (stage === 'dlq') return 'dead-letter';
    if (parts.length === 3) return entity; // <ns>.<entity>.v1, e.g. reconciliation
    return /^[a-z][a-z0-9_-]*$/.test(entity) ? entity : 'other';
  }
  if (parts.length === 4 && /^[A-Za-z][A-Za-z0-9_]*$/.test(last)) return last.toLowerCase().replace(/(?<=[a-z0-9_])s$/, '');
  return 'other';
}
