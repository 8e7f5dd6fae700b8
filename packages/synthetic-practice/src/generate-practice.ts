import { changePhase } from './change-phase.ts';
import type { DirtKind } from './dirt.ts';
import { patientRow, type PatientIdentity } from './generate-patient.ts';
import { staffPlan } from './generate-staff.ts';
import { locationRows } from './patient-rows.ts';
import { locationDatabase, locationIndex, resolveSpec, type PracticeRow, type PracticeSpec } from './practice-spec.ts';

/**
 * A deterministic PANDA practice, streamed in source order (parents before children, location by
 * location): the snapshot as `r` rows, then the change phase's `c`/`u`/`d` rows. Nothing is
 * accumulated, so memory stays flat at any volume. Same spec, same rows, on every machine.
 */
export function* generatePractice(input: PracticeSpec): Generator<PracticeRow> {
  const spec = resolveSpec(input);
  for (let loc = 0; loc < spec.locations; loc++) {
    const database = locationDatabase(loc);
    for (const { entity, row } of locationRows(spec, loc)) {
      const table = spec.byEntity.get(entity);
      if (table) yield { database, table, op: 'r', before: null, after: row };
    }
  }
  yield* changePhase(spec);
}

export interface TruthRecord extends PatientIdentity {
  /** Dirt kinds written into this patient's row: what the normalizer is expected to repair. */
  dirt: DirtKind[];
  /** Registered during the change phase (an `c` event) rather than in the snapshot. */
  inserted: boolean;
}

/**
 * Ground truth for the deduper and normalizer tests: for every generated patient record (snapshot and
 * change-phase inserts), the person behind it and the dirt it carries. Records with the same personId
 * are the same person.
 */
export function* practiceTruth(input: PracticeSpec): Generator<TruthRecord> {
  const spec = resolveSpec(input);
  for (let loc = 0; loc < spec.locations; loc++) {
    const staff = staffPlan(spec, loc);
    for (let index = 1; index <= spec.patients; index++) {
      const { identity, dirt } = patientRow(spec, loc, index, staff);
      yield { ...identity, dirt, inserted: false };
    }
  }
  if (!spec.entities.has('patient')) return;
  for (const change of changePhase(spec)) {
    if (change.op !== 'c' || change.table.entity !== 'patient' || !change.after) continue;
    const loc = locationIndex(change.database);
    const { identity, dirt } = patientRow(spec, loc, change.after['patientId'] as number, staffPlan(spec, loc));
    yield { ...identity, dirt, inserted: true };
  }
}
