/** Thrown by a command to end with a given exit code after it has printed why. */
export class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** What the person typed is wrong (a flag value, a missing file, an unknown name): one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
