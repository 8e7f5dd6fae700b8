/**
 * The deliberately dirty data the generator writes, one entry per kind the normalizer (or the deduper)
 * must repair. Dirt lives in the stored VALUES (text columns, a sentinel date): a typed column's
 * encoding is never broken, so every input reads the same stored value. Tests check that every kind
 * appears in a generated practice.
 */
export const DIRT = [
  { kind: 'birth-date-sentinel', where: 'Patients.BirthDate', what: '9999-12-31 or 1900-01-01 for an unknown birth date' },
  { kind: 'future-birth-date', where: 'Patients.BirthDate', what: 'a century typo (2061 for 1961): a birth date after the snapshot' },
  { kind: 'legacy-birth-date-text', where: 'Patients.LegacyBirthDateText', what: 'the birth date as typed in the old system: MM/DD/YYYY, M/D/YY, DD.MM.YYYY, YYYYMMDD, "Mar 5, 1961", ISO' },
  { kind: 'name-case-and-spacing', where: 'Patients names, City', what: 'ALL CAPS, all lower case, leading/trailing and doubled spaces' },
  { kind: 'missing-last-name', where: 'Patients.LastName', what: 'NULL or blanks (Zoho requires Last_Name)' },
  { kind: 'over-long-values', where: 'Patients.FirstName/City/Email, ClinicalFlags.FlagText', what: 'fits the PANDA column but not Zoho (First_Name 40, Mailing_City 30, Email 100, Task Subject 255)' },
  { kind: 'free-form-phones', where: 'Patients phones, ReferringPractices/ReferringDentists Phone/Fax', what: '(217) 555-0199, 217.555.0199, 2175550199, +1 217 555 0199, 555-0199 x12, "217-555-0199 (cell)"' },
  { kind: 'invalid-email', where: 'Patients.Email, ReferringDentists.Email', what: 'no domain, "at" for @, spaces, a trailing dot' },
  { kind: 'zip-variants', where: 'Patients.Zip', what: 'ZIP+4, or a leading zero lost to a numeric column (2108 for 02108)' },
  { kind: 'state-variants', where: 'Patients.State', what: 'lower case, the full state name, padded' },
  { kind: 'sex-codes', where: 'Patients.Sex', what: 'lower-case f/m and ? for unknown' },
  { kind: 'duplicate-exact', where: 'Patients across locations', what: 'the same person registered at two locations, same name and birth date' },
  { kind: 'duplicate-nickname', where: 'Patients across locations', what: 'the same person under a nickname (Bob for Robert), same birth date' },
  { kind: 'duplicate-transposed-letters', where: 'Patients across locations', what: 'the same person with two letters swapped in a name (Micheal), same birth date' },
  { kind: 'tooth-numbering-fdi', where: 'PerioExams.ToothNumbering, Tooth columns', what: 'a location charting in FDI (11–48) and declaring it on the exam' },
  { kind: 'tooth-numbering-palmer', where: 'PerioExams.ToothNumbering, Tooth columns', what: 'a location charting in Palmer (UR1–LL8) and declaring it on the exam' },
  { kind: 'european-site-names', where: 'PerioSiteMeasurements.Site', what: 'MV, V, DV instead of MB, B, DB at FDI locations' },
  { kind: 'bop-spellings', where: 'PerioSiteMeasurements Bleeding/Suppuration/Plaque', what: 'Y/N, 1/0, +/− (and -), true/false, per charting client' },
  { kind: 'furcation-spellings', where: 'PerioToothFindings.Furcation', what: 'II, 2, Class II, F2 for the same grade' },
  { kind: 'mobility-spellings', where: 'PerioToothFindings.Mobility', what: 'Miller 0–3 as digits or roman numerals I–III' },
  { kind: 'mobility-invalid', where: 'PerioToothFindings.Mobility', what: 'IV, which Miller does not have (reject)' },
  { kind: 'recession-class-spellings', where: 'PerioToothFindings.RecessionClass', what: 'Miller I–IV and Cairo RT1–RT3 as II, Cl. II, Class 2, M II, RT2' },
  { kind: 'cdt-code-variants', where: 'TreatmentProcedures.CdtCode', what: 'D4341 stored as 4341, 04341 or d4341' },
  { kind: 'teeth-list-formats', where: 'TreatmentProcedures.Teeth', what: '2,3,4 / 2-5 / #3 #14 / UR / Q1 / all' },
  { kind: 'rich-text-notes', where: 'ClinicalNotes.BodyRtf', what: 'RTF with control words, escaped braces and \\u unicode escapes' },
] as const;

export type DirtKind = (typeof DIRT)[number]['kind'];

export const ALL_DIRT: readonly DirtKind[] = DIRT.map((d) => d.kind);

/**
 * What today's pipeline repairs without dead-lettering: the demo publishes these, so its reconciliation
 * matches. A missing last name is dead-lettered by the default policy, and over-long values are
 * refused by Zoho (INVALID_DATA). Planted duplicates are left out too, so the demo ends with as many
 * Contacts as source patients; the deduper's tests use them (with the ground truth).
 */
const NOT_IN_DEMO: ReadonlySet<DirtKind> = new Set<DirtKind>(['missing-last-name', 'over-long-values', 'duplicate-exact', 'duplicate-nickname', 'duplicate-transposed-letters']);
export const DEMO_DIRT: readonly DirtKind[] = ALL_DIRT.filter((k) => !NOT_IN_DEMO.has(k));
