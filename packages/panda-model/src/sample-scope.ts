import type { EntityName } from './table-definition.ts';

/**
 * A sample migration's scope: N patients and every row that hangs from them. The CLI builds it from
 * the source (a generated practice or a CSV export) and the extractor lets only these rows through
 * (`EXTRACTOR_SAMPLE_FILE`). It holds source keys (ids), never a patient value, so the file may be kept.
 * Per-site, per-tooth and procedure rows carry no patient id: they pass by their exam / plan, which is
 * why the scope lists the sample's exams and plans explicitly (the inputs deliver tables in any order).
 */
export interface SampleScope {
  /** Also the writer's run id for the sample (`P2Z_RUN_ID`), so the sample can be rolled back alone. */
  sampleId: string;
  /** `<locationId>:<patient source key>` */
  patients: string[];
  /** `<locationId>:<examId>` */
  exams: string[];
  /** `<locationId>:<planId>` */
  plans: string[];
  /** Root records expected in Zoho: `<locationId>:<entity>:<sourceKey>` per entity (patient, perio_exam, treatment_plan, clinical_note, clinical_flag, motivation_report). */
  records: Array<{ entity: EntityName; key: string }>;
}

export interface ScopeRow {
  locationId: string;
  entity: EntityName;
  sourceKey: string;
  fields: Record<string, unknown> | null;
}

/** The entities a patient's sample brings along, each through which field. */
const BY_PATIENT: ReadonlySet<EntityName> = new Set(['perio_exam', 'treatment_plan', 'clinical_note', 'clinical_flag', 'motivation_report']);

const idOf = (v: unknown): string | null => (typeof v === 'number' || typeof v === 'bigint' || (typeof v === 'string' && v !== '') ? String(v) : null);

/** Does this source row belong to the sample? Providers and referrers are not patients' children: they stay out. */
export function inSample(scope: { patients: ReadonlySet<string>; exams: ReadonlySet<string>; plans: ReadonlySet<string> }, row: ScopeRow): boolean {
  const at = (id: unknown) => {
    const s = idOf(id);
    return s === null ? null : `${row.locationId}:${s}`;
  };
  switch (row.entity) {
    case 'patient':
      return scope.patients.has(`${row.locationId}:${row.sourceKey}`);
    case 'perio_site':
    case 'perio_tooth': {
      const exam = at(row.fields?.['examId'] ?? row.sourceKey.split('|')[0]);
      return exam !== null && scope.exams.has(exam);
    }
    case 'treatment_procedure': {
      const plan = at(row.fields?.['planId']);
      return plan !== null && scope.plans.has(plan);
    }
    case 'perio_exam':
      return scope.exams.has(`${row.locationId}:${row.sourceKey}`);
    case 'treatment_plan':
      return scope.plans.has(`${row.locationId}:${row.sourceKey}`);
    default: {
      if (!BY_PATIENT.has(row.entity)) return false;
      const patient = at(row.fields?.['patientId']);
      return patient !== null && scope.patients.has(patient);
    }
  }
}

/**
 * N patients spread over the locations (round robin, lowest keys first): the same source and N give
 * the same sample. Keys compare as numbers when both are numeric.
 */
export function pickSamplePatients(patients: Iterable<string>, n: number): string[] {
  const byLocation = new Map<string, string[]>();
  for (const key of patients) {
    const loc = key.slice(0, key.indexOf(':'));
    byLocation.set(loc, [...(byLocation.get(loc) ?? []), key]);
  }
  const order = (a: string, b: string) => {
    const [x, y] = [a.slice(a.indexOf(':') + 1), b.slice(b.indexOf(':') + 1)];
    return /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : x.localeCompare(y);
  };
  const queues = [...byLocation.keys()].sort().map((loc) => byLocation.get(loc)!.sort(order));
  const out: string[] = [];
  for (let i = 0; out.length < n && queues.some((q) => i < q.length); i++) for (const q of queues) if (i < q.length && out.length < n) out.push(q[i]!);
  return out;
}

/**
 * The scope of a sample of `n` patients from the source's live rows (`rows()` is read twice: patients
 * first, then their children). `sampleId` names the run.
 */
export function buildSampleScope(rows: () => Iterable<ScopeRow>, n: number, sampleId: string): SampleScope {
  const live = new Set<string>();
  for (const r of rows()) if (r.entity === 'patient') live.add(`${r.locationId}:${r.sourceKey}`);
  const patients = pickSamplePatients(live, n);
  const wanted = new Set(patients);
  const exams = new Set<string>();
  const plans = new Set<string>();
  const records: SampleScope['records'] = patients.map((p) => ({ entity: 'patient', key: `${p.slice(0, p.indexOf(':'))}:patient:${p.slice(p.indexOf(':') + 1)}` }));
  for (const r of rows()) {
    const patient = idOf(r.fields?.['patientId']);
    if (!BY_PATIENT.has(r.entity) || patient === null || !wanted.has(`${r.locationId}:${patient}`)) continue;
    if (r.entity === 'perio_exam') exams.add(`${r.locationId}:${r.sourceKey}`);
    if (r.entity === 'treatment_plan') plans.add(`${r.locationId}:${r.sourceKey}`);
    records.push({ entity: r.entity, key: `${r.locationId}:${r.entity}:${r.sourceKey}` });
  }
  return { sampleId, patients, exams: [...exams].sort(), plans: [...plans].sort(), records };
}

/** The scope as the extractor checks it (sets). */
export function scopeSets(scope: SampleScope): { patients: ReadonlySet<string>; exams: ReadonlySet<string>; plans: ReadonlySet<string> } {
  return { patients: new Set(scope.patients), exams: new Set(scope.exams), plans: new Set(scope.plans) };
}

/** Reads a scope file's JSON, refusing anything malformed (the extractor fails fast on it). */
export function parseSampleScope(json: unknown): SampleScope {
  const o = json as Partial<SampleScope> | null;
  const strings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string' && s.includes(':'));
  if (!o || typeof o.sampleId !== 'string' || !/^[A-Za-z0-9._-]+$/.test(o.sampleId) || !strings(o.patients) || !strings(o.exams) || !strings(o.plans) || !Array.isArray(o.records)) {
    throw new Error('not a sample scope file: expected {sampleId, patients[], exams[], plans[], records[]} with <location>:<key> entries');
  }
  return o as SampleScope;
}
