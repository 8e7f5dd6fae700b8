import type { EntityName } from '@panda2zoho/panda-model';
import { examPlan } from './exam-plan.ts';
import { clinicalFlagRows, clinicalNoteRows } from './generate-clinical-notes.ts';
import { bridgeRow, patientRow } from './generate-patient.ts';
import { perioChartRows } from './generate-perio-chart.ts';
import { providerRows, referringDentistRows, referringPracticeRows, staffPlan, type StaffPlan } from './generate-staff.ts';
import { letterTemplateRows, referralLetterRows } from './generate-referral-letters.ts';
import { treatmentPlanRows } from './generate-treatment-plans.ts';
import type { ResolvedSpec, StoredRow } from './practice-spec.ts';

export interface EntityRow {
  entity: EntityName;
  row: StoredRow;
}

const PATIENT_CHILDREN: readonly EntityName[] = ['pms_bridge', 'perio_exam', 'perio_tooth', 'perio_site', 'motivation_report', 'treatment_plan', 'treatment_procedure', 'clinical_note', 'clinical_flag', 'referral_letter'];

/**
 * One patient's rows, parents first: the patient, the Open Dental bridge row, each exam with its tooth
 * findings, sites and report, the treatment plans with their procedures, notes, flags. Regenerates the
 * same rows for the same (seed, location, patient) whatever else is generated.
 */
export function* patientRows(spec: ResolvedSpec, loc: number, index: number, staff: StaffPlan, entities: ReadonlySet<EntityName> = spec.entities): Generator<EntityRow> {
  const patient = patientRow(spec, loc, index, staff);
  if (entities.has('patient')) yield { entity: 'patient', row: patient.row };
  if (!PATIENT_CHILDREN.some((e) => entities.has(e))) return;
  if (entities.has('pms_bridge')) {
    const bridge = bridgeRow(spec, loc, index, patient.createdMs, patient.row['providerId'] as number);
    if (bridge) yield { entity: 'pms_bridge', row: bridge };
  }
  const plan = examPlan(spec, loc, index, patient.createdMs, staff.providers);
  yield* perioChartRows(spec, loc, index, patient.row['chartNumber'] as string, plan, entities);
  yield* treatmentPlanRows(spec, loc, index, plan, entities);
  if (entities.has('clinical_note')) for (const row of clinicalNoteRows(spec, loc, index, plan)) yield { entity: 'clinical_note', row };
  if (entities.has('clinical_flag')) for (const row of clinicalFlagRows(spec, loc, index, plan)) yield { entity: 'clinical_flag', row };
  if (entities.has('referral_letter')) for (const row of referralLetterRows(spec, loc, index, patient.row, plan, staff)) yield { entity: 'referral_letter', row };
}

/** A location's snapshot: its providers, referring practices and dentists, then every patient. */
export function* locationRows(spec: ResolvedSpec, loc: number): Generator<EntityRow> {
  const staff = staffPlan(spec, loc);
  if (spec.entities.has('provider')) for (const row of providerRows(spec, loc, staff)) yield { entity: 'provider', row };
  if (spec.entities.has('referring_practice')) for (const row of referringPracticeRows(spec, loc, staff)) yield { entity: 'referring_practice', row };
  if (spec.entities.has('referring_dentist')) for (const row of referringDentistRows(spec, loc, staff)) yield { entity: 'referring_dentist', row };
  if (spec.entities.has('letter_template')) for (const row of letterTemplateRows(spec, loc)) yield { entity: 'letter_template', row };
  for (let index = 1; index <= spec.patients; index++) yield* patientRows(spec, loc, index, staff);
}
