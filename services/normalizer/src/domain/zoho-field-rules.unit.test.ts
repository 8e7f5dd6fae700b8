import assert from 'node:assert/strict';
import { test } from 'node:test';
import { carrierKey, carrierSynonyms, normalizeCarrier, parseCarrierSynonyms } from './insurance-carrier.ts';
import { localDateOf, normalizeCalendarDate, normalizeDateTime } from './normalize-date.ts';
import { issueEvent, issueEventId, overflowEvents, overflowNoteKey } from './output-events.ts';
import { IssueList } from './quality-issue.ts';
import { applyLengthRules, OVERFLOW_MARKER, ZOHO_FIELD_RULES } from './zoho-field-rules.ts';

test('field rules: every limit is one Zoho allows (≤255 single line, 2,000 / 32,000 multi-line); mandatory names', () => {
  for (const [entity, rules] of Object.entries(ZOHO_FIELD_RULES)) {
    for (const [field, rule] of Object.entries(rules)) assert.ok([25, 30, 40, 80, 100, 120, 250, 255, 2000, 32000].includes(rule.maxLength), `${entity}.${field}`);
  }
  const mandatory = Object.entries(ZOHO_FIELD_RULES).flatMap(([e, rules]) => Object.entries(rules).filter(([, r]) => r.mandatory).map(([f]) => `${e}.${f}`));
  assert.deepEqual(mandatory.sort(), ['clinical_flag.flagText', 'motivation_report.fileName', 'patient.lastName', 'provider.lastName', 'referring_dentist.lastName', 'referring_practice.name', 'treatment_plan.title']);
});

test('length rules, table-driven: fits → unchanged; too long → note (marker, full value kept) or truncate (issue)', () => {
  const cases: Array<{ entity: string; field: string; length: number; policy: 'note' | 'truncate'; kept: number; rule: string | null }> = [
    { entity: 'patient', field: 'city', length: 30, policy: 'note', kept: 30, rule: null },
    { entity: 'patient', field: 'city', length: 31, policy: 'note', kept: 30, rule: 'VALUE_TOO_LONG_MOVED_TO_NOTE' },
    { entity: 'patient', field: 'city', length: 31, policy: 'truncate', kept: 30, rule: 'VALUE_TOO_LONG_TRUNCATED' },
    { entity: 'referring_practice', field: 'name', length: 101, policy: 'truncate', kept: 100, rule: 'VALUE_TOO_LONG_TRUNCATED' },
    { entity: 'treatment_plan', field: 'title', length: 121, policy: 'note', kept: 120, rule: 'VALUE_TOO_LONG_MOVED_TO_NOTE' },
    { entity: 'perio_chart', field: 'provisionalStageBasis', length: 2001, policy: 'note', kept: 2000, rule: 'VALUE_TOO_LONG_MOVED_TO_NOTE' },
    { entity: 'clinical_note', field: 'body', length: 32000, policy: 'note', kept: 32000, rule: null },
    { entity: 'clinical_note', field: 'body', length: 32001, policy: 'truncate', kept: 32000, rule: 'VALUE_TOO_LONG_TRUNCATED' },
    { entity: 'clinical_note', field: 'unlisted', length: 40000, policy: 'note', kept: 40000, rule: null },
  ];
  for (const c of cases) {
    const value = 'é'.repeat(c.length);
    const issues = new IssueList('ev');
    const { fields, overflow } = applyLengthRules(c.entity, { [c.field]: value, other: 7 }, c.policy, issues);
    const label = `${c.entity}.${c.field} ${c.length} ${c.policy}`;
    assert.equal([...String(fields[c.field])].length, c.kept, label);
    assert.equal(fields['other'], 7);
    assert.deepEqual(issues.issues.map((i) => i.rule), c.rule ? [c.rule] : [], label);
    assert.deepEqual(overflow, c.rule === 'VALUE_TOO_LONG_MOVED_TO_NOTE' ? [{ field: c.field, value }] : [], label);
    if (c.rule === 'VALUE_TOO_LONG_MOVED_TO_NOTE') assert.ok(String(fields[c.field]).endsWith(OVERFLOW_MARKER), label);
    if (c.rule) assert.equal(issues.issues[0]!.before, `${c.length} chars`, label);
  }
});

test('overflow note: key, parent, title without PHI, full body; issue ids deterministic', () => {
  const source = { sourceSystem: 'DEBEZIUM_CDC' as const, locationId: 'LOC01', sourceTable: 'dbo.ClinicalFlags', sourceKey: '8', sourcePosition: 'p', sourceCommittedAtMs: null };
  const [note] = overflowEvents({ entity: 'clinical_flag', recordKey: 'LOC01:clinical_flag:8', overflow: [{ field: 'flagText', value: 'secret text' }] }, source, 'ev1');
  assert.equal(note!.recordKey, overflowNoteKey('LOC01', 'clinical_flag', '8', 'flagText'));
  assert.equal(note!.recordKey, 'LOC01:overflow_note:clinical_flag/8/flagText');
  assert.deepEqual(note!.parents, [{ role: 'record', entity: 'clinical_flag', recordKey: 'LOC01:clinical_flag:8' }]);
  assert.equal(note!.fields!['body'], 'secret text');
  assert.ok(!String(note!.fields!['title']).includes('secret'));
  const issue = { field: 'email', rule: 'INVALID_EMAIL', severity: 'WARNING' as const, action: 'NULLED' as const, before: '9 chars', after: null, message: 'm', sourceEventId: 'ev1' };
  assert.equal(issueEventId('k', issue), issueEventId('k', { ...issue }));
  assert.notEqual(issueEventId('k', issue), issueEventId('k', { ...issue, sourceEventId: 'ev2' }));
  assert.deepEqual(issueEvent('patient', 'k', 'LOC01', issue), issueEvent('patient', 'k', 'LOC01', issue));
});

test('dates: sentinels and impossible dates → null with a reason; datetimes get the zone offset, DST-correct', () => {
  const cases: Array<[string | null, string | null, string | null]> = [
    ['2025-02-28', '2025-02-28', null], ['2025-02-28T23:59:00.000', '2025-02-28', null], ['1900-01-01', null, 'SENTINEL_DATE'], ['0001-01-01', null, 'SENTINEL_DATE'],
    ['9999-12-31T00:00:00.000', null, 'SENTINEL_DATE'], ['1899-12-30', null, 'SENTINEL_DATE'], ['2025-02-30', null, 'IMPOSSIBLE_DATE'], ['2099-01-01', '2099-01-01', null], [null, null, null],
  ];
  for (const [raw, value, problem] of cases) assert.deepEqual(normalizeCalendarDate(raw), { value, problem }, String(raw));
  assert.deepEqual(normalizeDateTime('2025-03-09T01:30:00.000', 'America/New_York'), { value: '2025-03-09T01:30:00-05:00', problem: null });
  assert.deepEqual(normalizeDateTime('2025-03-09T03:30:00.000', 'America/New_York'), { value: '2025-03-09T03:30:00-04:00', problem: null });
  assert.deepEqual(normalizeDateTime('2025-11-02T12:00:00.000', 'Europe/Berlin'), { value: '2025-11-02T12:00:00+01:00', problem: null });
  assert.deepEqual(normalizeDateTime('1900-01-01T00:00:00.000', 'UTC'), { value: null, problem: 'SENTINEL_DATE' });
  assert.equal(localDateOf(Date.UTC(2026, 0, 1, 3), 'America/New_York'), '2025-12-31');
});

test('carrier synonyms: matching ignores case, punctuation, company words; the env form parses; bad entries fail', () => {
  assert.equal(carrierKey(' Delta Dental Ins. Co '), 'deltadental');
  const synonyms = carrierSynonyms(parseCarrierSynonyms('Acme Dental=ACME|Acme Mutual Dental;Zeta=Z Plan'));
  assert.deepEqual(normalizeCarrier('acme, inc.', synonyms), { value: 'Acme Dental', matched: true });
  assert.deepEqual(normalizeCarrier('Z', synonyms), { value: 'Zeta', matched: true });
  assert.deepEqual(normalizeCarrier(' Other  Carrier ', synonyms), { value: 'Other Carrier', matched: false });
  assert.deepEqual(normalizeCarrier('  ', synonyms), { value: null, matched: false });
  assert.throws(() => parseCarrierSynonyms('no equals sign'));
});

test('excluded columns come from panda-model: the SSN on patients', async () => {
  const { EXCLUDED_FIELDS } = await import('./excluded-fields.ts');
  assert.deepEqual(EXCLUDED_FIELDS, { patient: ['ssn'] });
});
