/**
 * The three kinds of failure (see STYLE.md): transient → retry with backoff; permanent → dead-letter
 * and move on; anything else is a bug → crash and let the supervisor restart.
 * Messages and context never carry PHI or secrets: codes, field api names, topic/partition/offset.
 */
export class TransientError extends Error {
  readonly retriable = true;
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransientError';
  }
}

export class PermanentError extends Error {
  readonly retriable = false;
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

export function isTransient(error: unknown): error is TransientError {
  return error instanceof TransientError;
}

export function isPermanent(error: unknown): error is PermanentError {
  return error instanceof PermanentError;
}
