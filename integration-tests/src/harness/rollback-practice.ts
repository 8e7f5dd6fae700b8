import type { EmulatorState } from '@panda2zoho/zoho-emulator';
import { patientEvent, patientParent, recordEvent } from './writer-events.ts';
import type { WriterHarness } from './writer-harness.ts';

/** The practice's own Zoho data before the migration: two Contacts that are PANDA patients too, one that is not, and an Account. */
export const PRE_EXISTING = {
  contacts: [
    { First_Name: 'Erin', Last_Name: 'Existing', Email: 'erin@example.test', Description: 'practice note', Phone: '+15550199' },
    { First_Name: 'Sam', Last_Name: 'Seen', Email: 'sam@example.test', Mailing_City: 'Shelbyville' },
    { First_Name: 'Una', Last_Name: 'Unrelated', Email: 'una@example.test' },
  ],
  account: { Account_Name: 'The practice itself', Phone: '+15550111' },
};

export async function seedPreExisting(h: WriterHarness): Promise<void> {
  await h.zohoApi('POST', '/crm/v8/Contacts', { data: PRE_EXISTING.contacts, trigger: [] });
  await h.zohoApi('POST', '/crm/v8/Accounts', { data: [PRE_EXISTING.account], trigger: [] });
}

export interface PracticeCounts {
  notes: number;
  attachments: number;
  deals: number;
  tasks: number;
  charts: number;
}

/**
 * A small generated practice of `patients` patients per location: patient 1 of L1 is Erin and of L2
 * is Sam (they match pre-existing Contacts and update them); every patient has a perio chart and a
 * clinical note; even ones a treatment plan, a clinical flag, a motivation report (a PDF attachment)
 * and an overflow note on their chart; each location a referring practice and dentist.
 */
export async function publishPractice(h: WriterHarness, locations: string[], patients: number): Promise<PracticeCounts> {
  const { topics } = h;
  const counts: PracticeCounts = { notes: 0, attachments: 0, deals: 0, tasks: 0, charts: 0 };
  for (const loc of locations) {
    await h.produce(topics.recordResolved('referring_practice'), 'RecordNormalized', [recordEvent('referring_practice', loc, '1', { name: `Referrals ${loc}`, phoneE164: '+15550100', city: 'Springfield' })]);
    await h.produce(topics.recordResolved('referring_dentist'), 'RecordNormalized', [
      recordEvent('referring_dentist', loc, '5', { firstName: 'Dana', lastName: `Dentist${loc}`, email: `dana.${loc.toLowerCase()}@smile.example` }, [{ role: 'practice', entity: 'referring_practice', recordKey: `${loc}:referring_practice:1` }]),
    ]);
    const people = Array.from({ length: patients }, (_, i) => String(i + 1));
    await h.produce(topics.patientResolved, 'PatientResolved', people.map((key) => {
      const known = key === '1' ? (loc === locations[0] ? PRE_EXISTING.contacts[0]! : PRE_EXISTING.contacts[1]!) : null;
      const over = known ? { firstName: known.First_Name, lastName: known.Last_Name, email: known.Email, mobilePhoneE164: `+1555020${key}`, city: 'Capital City' } : { chartNumber: `${loc}-C${key}`, email: `p${key}.${loc.toLowerCase()}@example.test` };
      return patientEvent(`ck-${loc}-${key}`, [{ locationId: loc, sourceKey: key }], over);
    }));
    for (const key of people) {
      const parent = patientParent(loc, key);
      const even = Number(key) % 2 === 0 || key === '1';
      await h.produce(topics.recordNormalized('perio_chart'), 'RecordNormalized', [
        recordEvent('perio_chart', loc, `${key}0`, { examDate: '2024-02-03', examType: 'Comprehensive', bopPercent: '23.5', sitesProbed: 168, maxProbingDepthMm: 6, findings: `#3 PD 5-4-6 (${key})` }, [parent]),
      ]);
      await h.produce(topics.recordNormalized('clinical_note'), 'RecordNormalized', [recordEvent('clinical_note', loc, `${key}1`, { noteDate: '2024-02-03', noteType: 'SOAP', title: 'Perio visit', body: `S: sore gums (${key})` }, [parent])]);
      counts.charts++;
      counts.notes++;
      if (!even) continue;
      await h.produce(topics.recordNormalized('treatment_plan'), 'RecordNormalized', [
        recordEvent('treatment_plan', loc, `${key}2`, { title: 'Phase I therapy', status: 'Accepted', presentedDate: '2024-02-10', cdtCodes: 'D4341,D4910', teeth: '2,3', phases: '1', procedures: 'phase 1', totalFee: '1250.00' }, [parent]),
      ]);
      await h.produce(topics.recordNormalized('clinical_flag'), 'RecordNormalized', [recordEvent('clinical_flag', loc, `${key}3`, { flagType: 'Medical', flagText: 'Premedicate', status: 'Active' }, [parent])]);
      await h.produce(topics.recordNormalized('motivation_report'), 'RecordNormalized', [recordEvent('motivation_report', loc, `${key}4`, { createdAt: '2024-02-03', fileName: `motivation-${key}.pdf`, pdf: { data: Buffer.from(`%PDF-1.4 ${loc} ${key}`) } }, [parent])]);
      await h.produce(topics.recordNormalized('overflow_note'), 'RecordNormalized', [
        recordEvent('overflow_note', loc, `${key}0-findings`, { title: 'Full value of Tooth Findings', body: 'a very long findings text' }, [{ role: 'record', entity: 'perio_chart', recordKey: `${loc}:perio_chart:${key}0` }]),
      ]);
      counts.deals++;
      counts.tasks++;
      counts.attachments++;
      counts.notes++;
    }
  }
  return counts;
}

/** Every object of the practice is in Zoho (the emulator's state). */
export function migrated(state: EmulatorState, expected: PracticeCounts): boolean {
  const n = (m: string) => state.modules[m]?.records.length ?? 0;
  return n('Notes') === expected.notes && state.attachments.length === expected.attachments && n('Deals') === expected.deals && n('Tasks') === expected.tasks && n('PANDA_Charting') === expected.charts;
}

const empty = (v: unknown) => v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * What a rollback must give back: every record of every data module with its field values, and every
 * attachment. Left out, and why: Modified_Time/Modified_By (Zoho stamps them on every write, a restore
 * too; the API cannot set them), empty fields (a field provisioning added reads empty on every record
 * before and after), the write log and credits (calls made, not data), the recycle bin (Zoho keeps
 * deleted records there by design), and field metadata (rollback --include-provisioning deletes the
 * fields the run provisioned: rollback-provisioning.int.test.ts compares it).
 */
export function comparableState(state: EmulatorState): unknown {
  const modules = ['Contacts', 'Accounts', 'Deals', 'Tasks', 'Notes', 'PANDA_Charting'];
  return {
    modules: Object.fromEntries(
      modules.map((m) => [
        m,
        (state.modules[m]?.records ?? [])
          .map((r) => Object.fromEntries(Object.entries(r).filter(([k, v]) => k !== 'Modified_Time' && k !== 'Modified_By' && !empty(v))))
          .sort((a, b) => String(a['id']).localeCompare(String(b['id']))),
      ]),
    ),
    attachments: state.attachments,
  };
}
