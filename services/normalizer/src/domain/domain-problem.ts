/**
 * An expected "cannot read this value" outcome: a stable SCREAMING_SNAKE code and nothing else, so the
 * caller can turn it into a data-quality issue without the offending (possibly PHI) input leaking into
 * logs or dead-letter headers.
 */
export interface DomainProblem<Code extends string> {
  readonly problem: Code;
}

export function problem<Code extends string>(code: Code): DomainProblem<Code> {
  return { problem: code };
}

export function isProblem<T extends object | boolean | number | string | null>(result: T | DomainProblem<string>): result is DomainProblem<string> {
  return typeof result === 'object' && result !== null && 'problem' in result;
}
