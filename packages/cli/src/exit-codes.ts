/**
 * Exit codes scripts can trust (README, "Exit codes"). Every command uses these and nothing else.
 */
export const EXIT = {
  /** Done, and everything is as it should be (matches, undone, ready, written). */
  OK: 0,
  /** Done, but the result is not clean: differences, mismatches, something not undone or failed; or an unexpected error. */
  NOT_CLEAN: 1,
  /** Gave up waiting (cutover not ready, sample not written in time). */
  TIMEOUT: 2,
  /** A precondition is not met: no confirmed field map, a missing token or setting, a service not reachable. */
  PRECONDITION: 3,
  /** The command line is wrong (unknown option, missing argument). */
  USAGE: 64,
} as const;

/** An error that names its exit code; anything else thrown exits with NOT_CLEAN. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
