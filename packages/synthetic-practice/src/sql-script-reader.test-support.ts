import { decimalFromText, fromCsvText, tableByName, type CanonicalValue, type SqlType, type TableDefinition } from '@panda2zoho/panda-model';

// Test support: reads a generated T-SQL script back into canonical values, as SQL Server would store
// them (for the check that SQL, CSV and Debezium outputs agree). Understands exactly the statement
// shapes sql-writer.ts writes; anything else (USE, SET, ALTER, GO, comments) is skipped.

type Token = { kind: 'name' | 'word' | 'string' | 'number' | 'hex' | 'punct'; text: string } | { kind: 'convert'; text: string };

function* tokens(sql: string): Generator<Token> {
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (/\s/.test(ch)) i++;
    else if (sql.startsWith('--', i)) i = sql.indexOf('\n', i) === -1 ? sql.length : sql.indexOf('\n', i);
    else if (ch === '[') {
      let text = '';
      for (i++; !(sql[i] === ']' && sql[i + 1] !== ']'); i++) text += sql[i] === ']' ? sql[++i] : sql[i];
      i++;
      yield { kind: 'name', text };
    } else if (ch === "'" || (ch === 'N' && sql[i + 1] === "'")) {
      i += ch === 'N' ? 2 : 1;
      let text = '';
      for (; !(sql[i] === "'" && sql[i + 1] !== "'"); i++) text += sql[i] === "'" ? sql[++i] : sql[i];
      i++;
      yield { kind: 'string', text };
    } else if (sql.startsWith('0x', i)) {
      const m = /^0x[0-9A-F]*/.exec(sql.slice(i, i + 1_000_000))!;
      i += m[0].length;
      yield { kind: 'hex', text: m[0].slice(2) };
    } else if (/[-\d]/.test(ch)) {
      const m = /^-?\d+(\.\d+)?/.exec(sql.slice(i, i + 40))!;
      i += m[0].length;
      yield { kind: 'number', text: m[0] };
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i, i + 100))!;
      i += m[0].length;
      if (m[0] === 'CONVERT') {
        // CONVERT(<type>, '<text>', <style>): the text is what SQL Server parses.
        const close = sql.indexOf(')', sql.indexOf("'", sql.indexOf("'", i) + 1));
        yield { kind: 'convert', text: /'([^']*)'/.exec(sql.slice(i, close))![1]! };
        i = close + 1;
      } else yield { kind: 'word', text: m[0] };
    } else {
      i++;
      yield { kind: 'punct', text: ch };
    }
  }
}

function canonical(type: SqlType, token: Token): CanonicalValue {
  if (token.kind === 'word' && token.text === 'NULL') return null;
  switch (token.kind) {
    case 'string':
      return token.text === '' ? null : token.text;
    case 'convert':
      return fromCsvText(type, token.text);
    case 'hex':
      return Buffer.from(token.text, 'hex');
    case 'number':
      if (type.kind === 'bit') return token.text === '1';
      if (type.kind === 'decimal') return decimalFromText(token.text, type.scale);
      return Number(token.text);
    default:
      throw new Error(`unexpected ${token.kind} ${token.text}`);
  }
}

export type SqlStatement = { kind: 'insert' | 'update' | 'delete'; table: TableDefinition; sourceKey: string; fields: Record<string, CanonicalValue> };

export function* readSqlScript(sql: string, tables: TableDefinition[]): Generator<SqlStatement> {
  const list = [...tokens(sql)];
  let i = 0;
  const next = () => list[i++]!;
  const expect = (text: string) => {
    const t = next();
    if (t.text !== text) throw new Error(`expected ${text}, found ${t.text}`);
  };
  const tableName = () => {
    expect('dbo');
    expect('.');
    return tableByName(tables, next().text)!;
  };
  const build = (kind: SqlStatement['kind'], table: TableDefinition, values: Map<string, Token>): SqlStatement => {
    const fields: Record<string, CanonicalValue> = {};
    for (const c of table.columns) if (!c.excluded && values.has(c.column)) fields[c.field] = canonical(c.type, values.get(c.column)!);
    const sourceKey = table.primaryKey.map((k) => String(canonical(table.columns.find((c) => c.column === k)!.type, values.get(k)!))).join('|');
    return { kind, table, sourceKey, fields };
  };
  const assignments = (separator: string, into: Map<string, Token>) => {
    do {
      const column = next().text;
      expect('=');
      into.set(column, next());
    } while (list[i]?.text === separator && i++ >= 0);
  };
  while (i < list.length) {
    const word = next();
    if (word.text === 'INSERT') {
      expect('INTO');
      const table = tableName();
      expect('(');
      const columns: string[] = [];
      while (list[i]!.text !== ')') {
        const t = next();
        if (t.kind === 'name') columns.push(t.text);
      }
      i++;
      expect('VALUES');
      do {
        expect('(');
        const values = new Map<string, Token>();
        for (const [n, column] of columns.entries()) {
          values.set(column, next());
          expect(n === columns.length - 1 ? ')' : ',');
        }
        yield build('insert', table, values);
      } while (next().text === ',');
    } else if (word.text === 'UPDATE') {
      const table = tableName();
      expect('SET');
      const values = new Map<string, Token>();
      assignments(',', values);
      expect('WHERE');
      assignments('AND', values);
      expect(';');
      yield build('update', table, values);
    } else if (word.text === 'DELETE') {
      expect('FROM');
      const table = tableName();
      expect('WHERE');
      const values = new Map<string, Token>();
      assignments('AND', values);
      expect(';');
      yield build('delete', table, values);
    } else if (word.text !== 'GO') {
      while (i < list.length && next().text !== ';');
    }
  }
}
