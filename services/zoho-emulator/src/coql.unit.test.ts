import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CoqlSyntaxError, parseCoql } from './coql-parser.ts';
import { contact, startTestEmulator, type TestEmulator } from './emulator-test-harness.ts';

describe('COQL parser', () => {
  it('parses fields, where with and/or/in/is null, order by and both limit forms', () => {
    const q = parseCoql("select Last_Name, Email from Contacts where (Mailing_City = 'London' or Email is not null) and Last_Name in ('A', 'B') order by Last_Name desc limit 10, 5");
    assert.deepEqual(q.select, { kind: 'fields', fields: ['Last_Name', 'Email'] });
    assert.equal(q.module, 'Contacts');
    assert.deepEqual([q.offset, q.limit], [10, 5]);
    assert.deepEqual(q.orderBy, [{ field: 'Last_Name', direction: 'desc' }]);
    assert.equal(q.where.kind, 'and');
    const q2 = parseCoql("SELECT COUNT(id) FROM Contacts WHERE Last_Name = 'O''Brien' LIMIT 3 OFFSET 6");
    assert.deepEqual(q2.select, { kind: 'count', field: 'id' });
    assert.deepEqual(q2.where, { kind: 'compare', field: 'Last_Name', operator: '=', value: "O'Brien" });
    assert.deepEqual([q2.offset, q2.limit], [6, 3]);
    assert.equal(parseCoql("select id from Contacts where id is not null").limit, 200);
  });

  it('rejects what it does not support with a syntax error', () => {
    const cases: Array<[string, RegExp]> = [
      ['select Last_Name from Contacts', /missing clause/],
      ["select * from Contacts where id is not null", /parsing/],
      ["select Last_Name from Contacts where Last_Name like '%a%'", /parsing|operator/],
      ["select Last_Name from Contacts where Last_Name = 'x' group by Last_Name", /parsing/],
      ["select Last_Name from Contacts where Last_Name = 'unterminated", /unterminated/],
    ];
    for (const [query, message] of cases) {
      assert.throws(() => parseCoql(query), (e: unknown) => e instanceof CoqlSyntaxError && message.test(e.message), query);
    }
  });
});

describe('POST /crm/v8/coql', () => {
  let t: TestEmulator;
  const coql = (select_query: string) => t.api('POST', '/crm/v8/coql', { select_query });

  before(async () => {
    t = await startTestEmulator();
    await t.api('POST', '/crm/v8/Contacts', {
      data: [
        contact({ Last_Name: 'Lovelace', Mailing_City: 'London' }),
        contact({ Last_Name: 'Turing', Mailing_City: 'London' }),
        contact({ Last_Name: 'Hopper', Mailing_City: 'New York' }),
      ],
    });
  });
  after(() => t.close());

  it('counts matching records', async () => {
    const all = await coql('select COUNT(id) from Contacts where id is not null');
    assert.equal(all.status, 200);
    assert.deepEqual(all.json, { data: [{ 'COUNT(id)': 3 }], info: { count: 1, more_records: false } });
    const london = await coql("select COUNT(id) from Contacts where Mailing_City = 'london'");
    assert.equal(london.json.data[0]['COUNT(id)'], 2);
  });

  it('selects fields plus id with limit/offset and more_records', async () => {
    const res = await coql("select Last_Name from Contacts where Mailing_City = 'London' order by Last_Name asc limit 0, 1");
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.data.map((r: Record<string, unknown>) => Object.keys(r).sort()), [['Last_Name', 'id']]);
    assert.equal(res.json.data[0].Last_Name, 'Lovelace');
    assert.deepEqual(res.json.info, { count: 1, more_records: true });
    const owner = await coql("select Owner from Contacts where Last_Name = 'Hopper'");
    assert.deepEqual(owner.json.data[0].Owner, { id: '5725767000000411001' });
  });

  it('answers 204 when nothing matches and 400 for bad queries', async () => {
    assert.equal((await coql("select Last_Name from Contacts where Last_Name = 'Nobody'")).status, 204);
    const syntax = await coql('select Last_Name from Contacts');
    assert.deepEqual([syntax.status, syntax.json.code, syntax.json.details], [400, 'SYNTAX_ERROR', { clause: 'where' }]);
    const column = await coql("select Shoe_Size from Contacts where id is not null");
    assert.deepEqual([column.status, column.json.code, column.json.details.column_name], [400, 'INVALID_QUERY', 'Shoe_Size']);
    const module = await coql("select id from Patients where id is not null");
    assert.deepEqual([module.status, module.json.code], [400, 'INVALID_MODULE']);
    const limit = await coql('select id from Contacts where id is not null limit 2001');
    assert.deepEqual([limit.status, limit.json.code], [400, 'LIMIT_EXCEEDED']);
    const missing = await t.api('POST', '/crm/v8/coql', {});
    assert.deepEqual([missing.status, missing.json.code, missing.json.details.api_name], [400, 'MANDATORY_NOT_FOUND', 'select_query']);
  });
});
