import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import avro from 'avsc';
import { avroToTypeScript } from './codegen/avro-to-typescript.ts';
import { GENERATED_TYPES_FILE, listEventSchemas, listSchemaHistory } from './schema-files.ts';
import { backwardIncompatibility } from './schema-compatibility.ts';

test('generated TypeScript types are up to date with schemas/ (run `npm run generate:types`)', () => {
  const expected = avroToTypeScript(listEventSchemas());
  assert.equal(readFileSync(GENERATED_TYPES_FILE, 'utf8'), expected);
});

for (const { file, schema } of listEventSchemas()) {
  const name = file.replace(/\.avsc$/, '');
  test(`${file}: published in schemas/history and BACKWARD compatible with every earlier version`, () => {
    const history = listSchemaHistory(name);
    assert.ok(history.length > 0, `schemas/history/${name}/ has no published version`);
    const latest = history[history.length - 1]!;
    assert.deepEqual(schema, latest.schema, `schemas/${file} differs from history/${name}/${latest.file}: publish it as the next version`);
    for (let i = 1; i < history.length; i++) {
      for (let j = 0; j < i; j++) {
        const problem = backwardIncompatibility(history[i]!.schema, history[j]!.schema);
        assert.equal(problem, null, `${history[i]!.file} cannot read data written with ${history[j]!.file}: ${problem}`);
      }
    }
  });
}

test('the compatibility check rejects a new required field and accepts an optional one', () => {
  const v1 = { type: 'record', name: 'E', fields: [{ name: 'a', type: 'string' }] };
  const required = { ...v1, fields: [...v1.fields, { name: 'b', type: 'string' }] };
  const optional = { ...v1, fields: [...v1.fields, { name: 'b', type: ['null', 'string'], default: null }] };
  assert.notEqual(backwardIncompatibility(required, v1), null);
  assert.equal(backwardIncompatibility(optional, v1), null);
  // and the resolver really reads old data with the new schema
  const old = avro.Type.forSchema(v1 as avro.Schema).toBuffer({ a: 'x' });
  const reader = avro.Type.forSchema(optional as avro.Schema);
  assert.deepEqual({ ...reader.fromBuffer(old, reader.createResolver(avro.Type.forSchema(v1 as avro.Schema))) }, { a: 'x', b: null });
});
