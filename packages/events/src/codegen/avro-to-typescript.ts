/**
 * Avro schema → TypeScript declarations. Pure: JSON in, source text out, so a test can regenerate
 * in memory and fail when the committed types are stale.
 *
 * Mapping: record → interface, enum → string-literal union, ["null", T] → T | null, array → T[],
 * map → Record<string, T>, long → number (our events keep longs below 2^53: epoch millis, counts).
 */
type AvroSchema = string | AvroSchema[] | { type: string; [key: string]: unknown };

interface NamedDecl {
  fullName: string;
  source: string;
}

const PRIMITIVES: Record<string, string> = {
  null: 'null',
  boolean: 'boolean',
  int: 'number',
  long: 'number',
  float: 'number',
  double: 'number',
  bytes: 'Buffer',
  string: 'string',
};

function qualify(name: string, namespace: string | undefined): string {
  return name.includes('.') || !namespace ? name : `${namespace}.${name}`;
}

function shortName(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf('.') + 1);
}

function docComment(doc: unknown, indent: string): string {
  return typeof doc === 'string' ? `${indent}/** ${doc} */\n` : '';
}

class Collector {
  readonly decls = new Map<string, NamedDecl>();

  typeOf(schema: AvroSchema, namespace: string | undefined): string {
    if (typeof schema === 'string') {
      return PRIMITIVES[schema] ?? shortName(qualify(schema, namespace));
    }
    if (Array.isArray(schema)) {
      return schema.map((branch) => this.typeOf(branch, namespace)).join(' | ');
    }
    switch (schema.type) {
      case 'record':
        return this.record(schema, namespace);
      case 'enum':
        return this.enumeration(schema, namespace);
      case 'array':
        return `Array<${this.typeOf(schema['items'] as AvroSchema, namespace)}>`;
      case 'map':
        return `Record<string, ${this.typeOf(schema['values'] as AvroSchema, namespace)}>`;
      case 'fixed':
        return 'Buffer';
      default:
        return this.typeOf(schema.type, namespace);
    }
  }

  private register(fullName: string, source: string): string {
    const existing = this.decls.get(fullName);
    if (existing && existing.source !== source) {
      throw new Error(`schema type ${fullName} is defined twice with different shapes`);
    }
    const clash = [...this.decls.values()].find((d) => d.fullName !== fullName && shortName(d.fullName) === shortName(fullName));
    if (clash) throw new Error(`types ${clash.fullName} and ${fullName} would share the name ${shortName(fullName)}`);
    this.decls.set(fullName, { fullName, source });
    return shortName(fullName);
  }

  private record(schema: { [key: string]: unknown }, parentNs: string | undefined): string {
    const fullName = qualify(String(schema['name']), (schema['namespace'] as string | undefined) ?? parentNs);
    const ns = fullName.includes('.') ? fullName.slice(0, fullName.lastIndexOf('.')) : undefined;
    const fields = (schema['fields'] as Array<{ name: string; type: AvroSchema; doc?: string }>).map(
      (field) => `${docComment(field.doc, '  ')}  ${field.name}: ${this.typeOf(field.type, ns)};\n`,
    );
    const source = `${docComment(schema['doc'], '')}export interface ${shortName(fullName)} {\n${fields.join('')}}\n`;
    return this.register(fullName, source);
  }

  private enumeration(schema: { [key: string]: unknown }, parentNs: string | undefined): string {
    const fullName = qualify(String(schema['name']), (schema['namespace'] as string | undefined) ?? parentNs);
    const symbols = (schema['symbols'] as string[]).map((s) => `'${s}'`).join(' | ');
    const source = `${docComment(schema['doc'], '')}export type ${shortName(fullName)} = ${symbols};\n`;
    return this.register(fullName, source);
  }
}

/** Declarations for every named type in the given schemas, sorted by name for stable output. */
export function avroToTypeScript(schemas: Array<{ file: string; schema: unknown }>): string {
  const collector = new Collector();
  for (const { schema } of schemas) collector.typeOf(schema as AvroSchema, undefined);
  const body = [...collector.decls.values()]
    .sort((a, b) => shortName(a.fullName).localeCompare(shortName(b.fullName)))
    .map((d) => d.source)
    .join('\n');
  const files = schemas.map((s) => ` *   ${s.file}`).join('\n');
  return `// Generated from schemas/ by \`npm run generate:types\`. Do not edit: a test fails when this is stale.\n/*\n * Sources:\n${files}\n */\n\n${body}`;
}
