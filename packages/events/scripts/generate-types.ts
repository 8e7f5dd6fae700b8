// Regenerates packages/events/src/generated/events.ts from schemas/*.avsc.
import { writeFileSync } from 'node:fs';
import { avroToTypeScript } from '../src/codegen/avro-to-typescript.ts';
import { GENERATED_TYPES_FILE, listEventSchemas } from '../src/schema-files.ts';

writeFileSync(GENERATED_TYPES_FILE, avroToTypeScript(listEventSchemas()));
console.log(`wrote ${GENERATED_TYPES_FILE}`);
