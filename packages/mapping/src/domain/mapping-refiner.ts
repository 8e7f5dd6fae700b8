import type { MappingDocument } from './mapping-document.ts';

/**
 * A second opinion on a deterministic proposal (e.g. a language model). Off by default: `map propose`
 * calls one only when configured, and tests never do. A refiner sees what the file holds — names,
 * targets, shares — never a source value, and may only return a document of the same shape; the
 * result is validated and versioned like any edit, and an operator still confirms it.
 */
export interface MappingRefiner {
  readonly name: string;
  refine(proposal: MappingDocument): Promise<MappingDocument>;
}

/** The default: the deterministic proposal, unchanged. */
export const NO_REFINER: MappingRefiner = { name: 'none', refine: async (proposal) => proposal };
