/**
 * The spec tooling (`@sdwebui/spec`: TypeScript, openapi-typescript, Redocly, about 40 MB) is an
 * optional peer of the CLI: `npm i -g @sdwebui/cli` leaves it out, and only `sdwebui spec …`
 * loads it, so generating and reading images installs and starts light.
 */
type SpecTooling = typeof import('@sdwebui/spec');

/** `sdwebui spec …` ran where `@sdwebui/spec` is not installed. */
export class SpecToolingMissingError extends Error {
  override name = 'SpecToolingMissingError';
  constructor(options?: { cause?: unknown }) {
    super(
      '`sdwebui spec` needs the spec tooling, which the CLI does not install: ' +
        'npm i -g @sdwebui/spec (the same version as @sdwebui/cli)',
      options,
    );
  }
}

/** Whether `error` says that `@sdwebui/spec` itself is missing (not one of its own dependencies). */
function isSpecMissing(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes("'@sdwebui/spec'")
  );
}

/** Loads the spec tooling; a missing one is one clear line, not a stack trace. */
export async function loadSpecTooling(load: () => Promise<SpecTooling> = () => import('@sdwebui/spec')) {
  try {
    return await load();
  } catch (error) {
    if (isSpecMissing(error)) throw new SpecToolingMissingError({ cause: error });
    throw error;
  }
}
