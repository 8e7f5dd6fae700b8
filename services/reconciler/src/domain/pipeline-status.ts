import type { LagSample } from './cutover-readiness.ts';
import { parseRecordKey } from './entity-targets.ts';
import type { KeyLocations, LedgerRecord, ReconciliationModel } from './reconciliation-model.ts';

export interface EntityStatus {
  entity: string;
  module: string;
  extracted: number;
  normalized: number;
  resolved: number;
  written: number;
  /** Dead letters attributed to the entity + records whose last write failed. */
  failed: number;
  /** Records waiting, summed over every stage's topics of this entity. */
  lag: number;
  /** The same counts per location (placed as the reconciliation report places them; a merged record counts at each location it stands for; dead letters and lag are per entity only: they carry no location). */
  locations: LocationStatus[];
}

export interface LocationStatus {
  locationId: string;
  extracted: number;
  normalized: number;
  resolved: number;
  written: number;
  /** Records whose last write failed. */
  failed: number;
}

/** Locations as the reconciliation report places them: a key's expected locations, else its ledger entry's, else its record key's. */
function perLocation(extracted: string[], normalized: Iterable<string>, expected: KeyLocations, ledger: readonly LedgerRecord[]): LocationStatus[] {
  const rows = new Map<string, LocationStatus>();
  const row = (locationId: string) => {
    let r = rows.get(locationId);
    if (!r) rows.set(locationId, (r = { locationId, extracted: 0, normalized: 0, resolved: 0, written: 0, failed: 0 }));
    return r;
  };
  const locationsOf = (r: LedgerRecord) => expected.get(r.key) ?? new Set([r.locationId ?? parseRecordKey(r.key)?.locationId ?? 'unknown']);
  for (const loc of extracted) row(loc).extracted++;
  for (const loc of normalized) row(loc).normalized++;
  for (const locs of expected.values()) for (const loc of locs) row(loc).resolved++;
  for (const r of ledger) {
    for (const loc of r.written || r.failed ? locationsOf(r) : []) {
      if (r.written) row(loc).written++;
      if (r.failed) row(loc).failed++;
    }
  }
  return [...rows.values()].sort((x, y) => x.locationId.localeCompare(y.locationId));
}

/** `status`: per entity, how far the migration got — from the read model alone, no Zoho call. */
export function pipelineStatus(model: ReconciliationModel, lag: readonly LagSample[]): EntityStatus[] {
  const deadLetters = model.deadLetterCounts();
  return model.targets().map((target) => {
    const ledger = model.ledgerRecords(target.entity);
    const sources = model.sourceLocations(target);
    const normalized = model.normalizedRecords(target.entity);
    const expected = model.expected(target);
    return {
      entity: target.entity,
      module: target.module,
      extracted: sources.length,
      normalized: normalized.size,
      resolved: expected.size,
      written: ledger.filter((r) => r.written).length,
      failed: deadLetters.filter((d) => d.entity === target.entity).reduce((n, d) => n + d.count, 0) + ledger.filter((r) => r.failed).length,
      lag: lag.filter((s) => s.entity === target.entity).reduce((n, s) => n + s.lag, 0),
      locations: perLocation(sources, normalized.values(), expected, ledger),
    };
  });
}
