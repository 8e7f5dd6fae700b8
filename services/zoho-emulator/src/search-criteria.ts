// Parser and evaluator for the Search API `criteria` parameter (reference §2.3):
//   (Field:equals:value)   ((A:equals:x)and(B:starts_with:y))   ((A:equals:x)or(B:equals:y))
// `(`, `)` and `,` inside values are escaped with `\`; an unescaped comma separates alternative values.

export type SearchOperator = 'equals' | 'starts_with';

export type SearchCriterion =
  | { kind: 'comparison'; field: string; operator: SearchOperator; values: string[] }
  | { kind: 'group'; combinator: 'and' | 'or'; items: SearchCriterion[] };

export const MAX_SEARCH_CRITERIA = 10;

export class SearchCriteriaError extends Error {}

const OPERATORS: readonly SearchOperator[] = ['equals', 'starts_with'];

class CriteriaParser {
  readonly #text: string;
  #pos = 0;
  comparisons = 0;

  constructor(text: string) {
    this.#text = text;
  }

  parse(): SearchCriterion {
    const result = this.#sequence();
    this.#skipSpaces();
    if (this.#pos !== this.#text.length) throw new SearchCriteriaError(`unexpected text at position ${this.#pos}`);
    return result;
  }

  /** One or more parenthesised groups joined by a single kind of combinator. */
  #sequence(): SearchCriterion {
    const items = [this.#group()];
    let combinator: 'and' | 'or' | null = null;
    for (;;) {
      this.#skipSpaces();
      const word = /^(and|or)\s*\(/i.exec(this.#text.slice(this.#pos));
      if (!word?.[1]) break;
      const next = word[1].toLowerCase() as 'and' | 'or';
      // Zoho groups criteria in pairs; mixing and/or at one level without brackets is ambiguous.
      if (combinator && combinator !== next) throw new SearchCriteriaError('mixing and/or needs brackets');
      combinator = next;
      this.#pos += word[1].length;
      items.push(this.#group());
    }
    const [first] = items;
    return items.length === 1 && first ? first : { kind: 'group', combinator: combinator ?? 'and', items };
  }

  #group(): SearchCriterion {
    this.#skipSpaces();
    if (this.#text[this.#pos] !== '(') throw new SearchCriteriaError(`expected '(' at position ${this.#pos}`);
    this.#pos++;
    this.#skipSpaces();
    let result: SearchCriterion;
    if (this.#text[this.#pos] === '(') {
      result = this.#sequence();
    } else {
      result = this.#comparison();
    }
    this.#skipSpaces();
    if (this.#text[this.#pos] !== ')') throw new SearchCriteriaError(`expected ')' at position ${this.#pos}`);
    this.#pos++;
    return result;
  }

  #comparison(): SearchCriterion {
    const parts: string[] = [''];
    const values: string[] = [''];
    let section = 0;
    while (this.#pos < this.#text.length) {
      const ch = this.#text[this.#pos] ?? '';
      if (ch === '\\' && section === 2) {
        values[values.length - 1] += this.#text[this.#pos + 1] ?? '';
        this.#pos += 2;
        continue;
      }
      if (ch === ')') break;
      if (ch === ':' && section < 2) {
        section++;
        parts.push('');
      } else if (section === 2) {
        if (ch === ',') values.push('');
        else values[values.length - 1] += ch;
      } else {
        parts[section] += ch;
      }
      this.#pos++;
    }
    if (section !== 2) throw new SearchCriteriaError('a criterion must look like (field:operator:value)');
    const field = (parts[0] ?? '').trim();
    const operator = (parts[1] ?? '').trim().toLowerCase();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) throw new SearchCriteriaError(`invalid field name '${field}'`);
    if (!OPERATORS.includes(operator as SearchOperator)) throw new SearchCriteriaError(`unsupported operator '${operator}'`);
    this.comparisons++;
    if (this.comparisons > MAX_SEARCH_CRITERIA) throw new SearchCriteriaError(`at most ${MAX_SEARCH_CRITERIA} criteria are allowed`);
    return { kind: 'comparison', field, operator: operator as SearchOperator, values };
  }

  #skipSpaces(): void {
    while (this.#text[this.#pos] === ' ') this.#pos++;
  }
}

export function parseSearchCriteria(text: string): SearchCriterion {
  if (text.trim() === '') throw new SearchCriteriaError('criteria is empty');
  return new CriteriaParser(text.trim()).parse();
}

export function criteriaFields(criterion: SearchCriterion): string[] {
  return criterion.kind === 'comparison' ? [criterion.field] : criterion.items.flatMap(criteriaFields);
}

/** Comparable text of a field value; lookups and owners compare by id. */
function comparable(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const id = (value as Record<string, unknown>)['id'];
    return id === undefined ? null : String(id);
  }
  return String(value);
}

/** Text comparison is case-insensitive (Zoho's search behaviour here is UNCONFIRMED). */
export function matchesCriteria(record: Record<string, unknown>, criterion: SearchCriterion): boolean {
  if (criterion.kind === 'group') {
    return criterion.combinator === 'and'
      ? criterion.items.every((c) => matchesCriteria(record, c))
      : criterion.items.some((c) => matchesCriteria(record, c));
  }
  const raw = record[criterion.field];
  const candidates = Array.isArray(raw) ? raw.map(comparable) : [comparable(raw)];
  return candidates.some((candidate) => {
    if (candidate === null) return false;
    const actual = candidate.toLowerCase();
    return criterion.values.some((v) => {
      const wanted = v.trim().toLowerCase();
      return criterion.operator === 'equals' ? actual === wanted : actual.startsWith(wanted);
    });
  });
}
