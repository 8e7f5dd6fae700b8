import type { DataQualityIssueRaised } from '@panda2zoho/events';

export interface QualityCount {
  rule: string;
  entity: string;
  locationId: string;
  severity: string;
  action: string;
  count: number;
}

/**
 * Data-quality issues counted per rule, entity, location, severity and action: what the console
 * shows. Keeps no record keys, fields' values or messages (no PHI). Idempotent per eventId, so a
 * re-delivered issue counts once.
 */
export class QualityTally {
  private readonly counts = new Map<string, QualityCount>();
  private readonly seen = new Set<string>();

  add(issue: DataQualityIssueRaised): void {
    if (this.seen.has(issue.eventId)) return;
    this.seen.add(issue.eventId);
    const key = [issue.rule, issue.entity, issue.locationId, issue.severity, issue.action].join('\u0000');
    const current = this.counts.get(key);
    if (current) current.count++;
    else this.counts.set(key, { rule: issue.rule, entity: issue.entity, locationId: issue.locationId, severity: issue.severity, action: issue.action, count: 1 });
  }

  total(): number {
    return this.seen.size;
  }

  rows(): QualityCount[] {
    return [...this.counts.values()].sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule) || a.entity.localeCompare(b.entity) || a.locationId.localeCompare(b.locationId));
  }
}
