/**
 * A change of meaning the normalizer made to a value (nulled date, placeholder, truncation, value moved
 * to a note, unknown code kept raw, …). Becomes an inline `issues` entry on the output event AND a
 * DataQualityIssueRaised on the quality topic. `before`/`after` describe PHI by shape ("312 chars",
 * "future date"), never by value; codes and grades (non-PHI) may be quoted.
 */
export type IssueSeverity = 'INFO' | 'WARNING' | 'ERROR';

export type IssueAction = 'NULLED' | 'TRUNCATED' | 'MOVED_TO_NOTE' | 'PLACEHOLDER' | 'DROPPED' | 'TOKENISED' | 'DEAD_LETTERED' | 'KEPT';

export interface QualityIssue {
  readonly field: string;
  /** Stable code: DATE_SENTINEL, VALUE_TOO_LONG_MOVED_TO_NOTE, LAST_NAME_PLACEHOLDER, … */
  readonly rule: string;
  readonly severity: IssueSeverity;
  readonly action: IssueAction;
  readonly before: string | null;
  readonly after: string | null;
  readonly message: string;
  /** The input event the value came from (for an assembled chart: the site or tooth row's). */
  readonly sourceEventId: string;
}

export type IssueInput = Omit<QualityIssue, 'sourceEventId' | 'before' | 'after'> & { before?: string | null; after?: string | null };

/** Collects the issues of one input row. */
export class IssueList {
  readonly issues: QualityIssue[] = [];
  constructor(private readonly sourceEventId: string) {}

  add(issue: IssueInput): void {
    this.issues.push({ ...issue, before: issue.before ?? null, after: issue.after ?? null, sourceEventId: this.sourceEventId });
  }
}

/** The shape of a text value, never its content: "312 chars". */
export function shapeOf(value: string | null): string {
  return value === null ? 'empty' : `${[...value].length} chars`;
}
