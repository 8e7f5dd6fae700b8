// A deliberately small, strict COQL parser (reference §2.3). Supported:
//   select <f1, f2 | COUNT(f)> from <Module> where <cond> [order by f [asc|desc], …] [limit [offset,] n | limit n offset m]
//   cond: f = v | f != v | f < v | f <= v | f > v | f >= v | f [not] in (v, …) | f is [not] null, joined by and/or, (…)
// WHERE is mandatory: Zoho's v8 OAS documents SYNTAX_ERROR {clause:'where'} "missing clause" for its absence.
// Anything else is a SYNTAX_ERROR rather than a silent approximation.

export type Literal = string | number | boolean | null;

export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'compare'; field: string; operator: '=' | '!=' | '<' | '<=' | '>' | '>='; value: Literal }
  | { kind: 'in'; field: string; negate: boolean; values: Literal[] }
  | { kind: 'null'; field: string; negate: boolean };

export interface CoqlQuery {
  select: { kind: 'fields'; fields: string[] } | { kind: 'count'; field: string };
  module: string;
  where: Condition;
  orderBy: Array<{ field: string; direction: 'asc' | 'desc' }>;
  limit: number;
  offset: number;
}

export const COQL_DEFAULT_LIMIT = 200;

export class CoqlSyntaxError extends Error {
  readonly details: Record<string, unknown>;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.details = details;
  }
}

type Token =
  | { type: 'word'; text: string; pos: number }
  | { type: 'string'; text: string; pos: number }
  | { type: 'number'; value: number; text: string; pos: number }
  | { type: 'symbol'; text: string; pos: number };

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = query.slice(i);
    const word = /^[A-Za-z_$][A-Za-z0-9_$.]*/.exec(rest);
    const number = /^-?\d+(\.\d+)?/.exec(rest);
    const symbol = /^(!=|<=|>=|<>|[=<>(),*])/.exec(rest);
    if (word) {
      tokens.push({ type: 'word', text: word[0], pos: i });
      i += word[0].length;
    } else if (number) {
      tokens.push({ type: 'number', value: Number(number[0]), text: number[0], pos: i });
      i += number[0].length;
    } else if (ch === "'") {
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= query.length) throw new CoqlSyntaxError('unterminated string literal', { near: query.slice(i, i + 20) });
        const c = query[j] ?? '';
        if (c === '\\' && j + 1 < query.length) {
          text += query[j + 1] ?? '';
          j += 2;
        } else if (c === "'" && query[j + 1] === "'") {
          text += "'";
          j += 2;
        } else if (c === "'") {
          break;
        } else {
          text += c;
          j++;
        }
      }
      tokens.push({ type: 'string', text, pos: i });
      i = j + 1;
    } else if (symbol) {
      tokens.push({ type: 'symbol', text: symbol[0], pos: i });
      i += symbol[0].length;
    } else {
      throw new CoqlSyntaxError('unexpected character', { near: rest.slice(0, 20), column: i + 1 });
    }
  }
  return tokens;
}

class Parser {
  readonly #tokens: Token[];
  #i = 0;
  criteria = 0;

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  parse(): CoqlQuery {
    this.#keyword('select');
    const select = this.#selectList();
    this.#keyword('from');
    const module = this.#identifier();
    if (!this.#isKeyword('where')) throw new CoqlSyntaxError('missing clause', { clause: 'where' });
    this.#i++;
    const where = this.#or();
    const orderBy: CoqlQuery['orderBy'] = [];
    if (this.#isKeyword('order')) {
      this.#i++;
      this.#keyword('by');
      do {
        const field = this.#identifier();
        let direction: 'asc' | 'desc' = 'asc';
        if (this.#isKeyword('asc') || this.#isKeyword('desc')) direction = this.#next().text.toLowerCase() as 'asc' | 'desc';
        orderBy.push({ field, direction });
      } while (this.#symbol(','));
    }
    let limit = COQL_DEFAULT_LIMIT;
    let offset = 0;
    if (this.#isKeyword('limit')) {
      this.#i++;
      const first = this.#integer();
      if (this.#symbol(',')) {
        offset = first;
        limit = this.#integer();
      } else {
        limit = first;
        if (this.#isKeyword('offset')) {
          this.#i++;
          offset = this.#integer();
        }
      }
    }
    const extra = this.#tokens[this.#i];
    if (extra) throw new CoqlSyntaxError('error occured while parsing the query', { near: extra.text });
    return { select, module, where, orderBy, limit, offset };
  }

  #selectList(): CoqlQuery['select'] {
    if (this.#isKeyword('count')) {
      this.#i++;
      this.#expectSymbol('(');
      const field = this.#identifier();
      this.#expectSymbol(')');
      return { kind: 'count', field };
    }
    const fields = [this.#identifier()];
    while (this.#symbol(',')) fields.push(this.#identifier());
    return { kind: 'fields', fields };
  }

  #or(): Condition {
    let left = this.#and();
    while (this.#isKeyword('or')) {
      this.#i++;
      left = { kind: 'or', left, right: this.#and() };
    }
    return left;
  }

  #and(): Condition {
    let left = this.#primary();
    while (this.#isKeyword('and')) {
      this.#i++;
      left = { kind: 'and', left, right: this.#primary() };
    }
    return left;
  }

  #primary(): Condition {
    if (this.#symbol('(')) {
      const inner = this.#or();
      this.#expectSymbol(')');
      return inner;
    }
    const field = this.#identifier();
    this.criteria++;
    if (this.criteria > 25) throw new CoqlSyntaxError('too many criteria', { limit: 25 });
    if (this.#isKeyword('is')) {
      this.#i++;
      const negate = this.#isKeyword('not');
      if (negate) this.#i++;
      this.#keyword('null');
      return { kind: 'null', field, negate };
    }
    const negate = this.#isKeyword('not');
    if (negate) this.#i++;
    if (this.#isKeyword('in')) {
      this.#i++;
      this.#expectSymbol('(');
      const values = [this.#literal()];
      while (this.#symbol(',')) values.push(this.#literal());
      this.#expectSymbol(')');
      if (values.length > 100) throw new CoqlSyntaxError('too many values for in', { limit: 100 });
      return { kind: 'in', field, negate, values };
    }
    if (negate) throw new CoqlSyntaxError('operator not supported', { operator: 'not' });
    const op = this.#next();
    if (op.type !== 'symbol' || !['=', '!=', '<', '<=', '>', '>='].includes(op.text)) {
      throw new CoqlSyntaxError('operator not supported', { operator: op.text });
    }
    return { kind: 'compare', field, operator: op.text as '=' | '!=' | '<' | '<=' | '>' | '>=', value: this.#literal() };
  }

  #literal(): Literal {
    const token = this.#next();
    if (token.type === 'string') return token.text;
    if (token.type === 'number') return token.value;
    if (token.type === 'word' && /^(true|false)$/i.test(token.text)) return token.text.toLowerCase() === 'true';
    if (token.type === 'word' && /^null$/i.test(token.text)) return null;
    throw new CoqlSyntaxError('error occured while parsing the query', { near: token.text });
  }

  #integer(): number {
    const token = this.#next();
    if (token.type !== 'number' || !Number.isInteger(token.value)) {
      throw new CoqlSyntaxError('limit given seems to be invalid', { limit: token.text });
    }
    return token.value;
  }

  #identifier(): string {
    const token = this.#next();
    if (token.type !== 'word' || RESERVED.has(token.text.toLowerCase())) {
      throw new CoqlSyntaxError('error occured while parsing the query', { near: token.text });
    }
    return token.text;
  }

  #next(): Token {
    const token = this.#tokens[this.#i];
    if (!token) throw new CoqlSyntaxError('unexpected end of query');
    this.#i++;
    return token;
  }

  #isKeyword(word: string): boolean {
    const token = this.#tokens[this.#i];
    return token?.type === 'word' && token.text.toLowerCase() === word;
  }

  #keyword(word: string): void {
    if (!this.#isKeyword(word)) {
      throw new CoqlSyntaxError('error occured while parsing the query', { near: this.#tokens[this.#i]?.text ?? word });
    }
    this.#i++;
  }

  #symbol(text: string): boolean {
    const token = this.#tokens[this.#i];
    if (token?.type === 'symbol' && token.text === text) {
      this.#i++;
      return true;
    }
    return false;
  }

  #expectSymbol(text: string): void {
    if (!this.#symbol(text)) throw new CoqlSyntaxError('error occured while parsing the query', { near: this.#tokens[this.#i]?.text ?? text });
  }
}

const RESERVED = new Set(['select', 'from', 'where', 'and', 'or', 'order', 'by', 'limit', 'offset', 'in', 'is', 'not', 'null']);

export function parseCoql(query: string): CoqlQuery {
  return new Parser(tokenize(query)).parse();
}
