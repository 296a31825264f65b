import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';
import { cliVersion } from '../version.js';

/**
 * The CLI's optional peer dependencies and the commands that need each. `sdwebui txt2img` users do
 * not install the spec tooling (TypeScript, openapi-typescript, Redocly), the queue (BullMQ, ioredis)
 * or the mock (Hono): a command that needs one loads it when it runs, and says how to install it.
 */
export const OPTIONAL_PEERS = {
  '@sdwebui/spec': 'sdwebui spec',
  '@sdwebui/queue': 'sdwebui queue and sdwebui worker',
  '@sdwebui/mock': 'sdwebui mock and sdwebui record',
} as const;

export type OptionalPeer = keyof typeof OPTIONAL_PEERS;

/** Node's answer when `name` itself (not one of its own dependencies) is not installed. */
function isMissing(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'ERR_MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`'${name}'`);
}

/** `0.4.1` → `0.4`, `2.3.0` → `2`: the part of a version that a semver-compatible release keeps. */
const compatible = (version: string) => {
  const [major, minor] = version.split('.');
  return major === '0' ? `0.${minor}` : String(major);
};

async function installedVersion(name: string): Promise<string | undefined> {
  let dir = dirname(fileURLToPath(import.meta.resolve(name)));
  for (;;) {
    const manifest = await readFile(join(dir, 'package.json'), 'utf8').then(
      (text) => JSON.parse(text) as { name?: string; version?: string },
      () => undefined,
    );
    if (manifest?.name === name) return manifest.version;
    if (dirname(dir) === dir) return undefined;
    dir = dirname(dir);
  }
}

/**
 * Loads an optional peer through `load` (a literal `import()` of it, or of a CLI module that imports
 * it). Not installed, or installed at an incompatible version: a {@link UsageError} (exit 2) with the
 * `npm i` line that fixes it. Any other failure is rethrown as it is.
 */
export async function loadOptionalPeer<T>(
  name: OptionalPeer,
  load: () => Promise<T>,
  /** The version the peer must be compatible with: the CLI's own. */
  version = cliVersion(),
): Promise<T> {
  const install = `npm i ${name}@${version} (next to @sdwebui/cli; add -g for a global sdwebui)`;
  let loaded: T;
  try {
    loaded = await load();
  } catch (error) {
    if (isMissing(error, name))
      throw new UsageError(`${OPTIONAL_PEERS[name]} need ${name}, which is not installed: ${install}`);
    throw error;
  }
  const found = await installedVersion(name);
  if (found !== undefined && compatible(found) !== compatible(version))
    throw new UsageError(
      `${name} ${found} is installed, but sdwebui ${version} needs ${compatible(version)}.x: ${install}`,
    );
  return loaded;
}
