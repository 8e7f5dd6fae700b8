import type { LagSample } from './cutover-readiness.ts';
import type { ReconciliationModel } from './reconciliation-model.ts';

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
}

/** `status`: per entity, how far the migration got — from the read model alone, no Zoho call. */
export function pipelineStatus(model: ReconciliationModel, lag: readonly LagSample[]): EntityStatus[] {
  const deadLetters = model.deadLetterCounts();
  return model.targets().map((target) => {
    const ledger = model.ledgerRecords(target.entity);
    return {
      entity: target.entity,
      module: target.module,
      extracted: model.sourceLocations(target).length,
      normalized: model.normalizedRecords(target.entity).size,
      resolved: model.expected(target).size,
      written: ledger.filter((r) => r.written).length,
      failed: deadLetters.filter((d) => d.entity === target.entity).reduce((n, d) => n + d.count, 0) + ledger.filter((r) => r.failed).length,
      lag: lag.filter((s) => s.entity === target.entity).reduce((n, s) => n + s.lag, 0),
    };
  });
}
