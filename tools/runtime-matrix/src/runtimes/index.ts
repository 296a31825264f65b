/**
 * The runtimes of the matrix, installed from their own pinned manifest (`runtimes/package.json` and
 * its `package-lock.json`: exact versions, registry integrity hashes) into a cache, never by the root
 * install: together they are about 700 MB, and the README's first command must stay fast.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const MANIFEST_DIR = fileURLToPath(new URL('../../runtimes/', import.meta.url));

/**
 * How Deno runs a script that uses npm packages from a `node_modules` folder, with only the
 * permissions a mock and a client on loopback need: `[deno, ...DENO_RUN, script]`.
 */
export const DENO_RUN = [
  'run',
  '--quiet',
  '--no-lock',
  '--node-modules-dir=manual',
  '--allow-net=127.0.0.1',
  '--allow-read',
  '--allow-env',
] as const;

/** Paths of the installed binaries (Linux x64 builds: the packages the manifest pins). */
export interface InstalledRuntimes {
  node22: string;
  node24: string;
  bun: string;
  deno: string;
  workerd: string;
}

/** Thrown when the runtimes cannot be installed or used here; its message says why and what to do. */
export class RuntimeInstallError extends Error {
  override name = 'RuntimeInstallError';
}

/**
 * The cache folder for one version of the lockfile: `SDWEBUI_RUNTIMES_CACHE`, else
 * `$XDG_CACHE_HOME/sdwebui/runtimes` (or `~/.cache/…`), in a subfolder named by the lockfile's hash,
 * so a changed pin installs afresh and an unchanged one is reused by every checkout.
 */
export async function cacheDirFor(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const lock = await readFile(join(MANIFEST_DIR, 'package-lock.json'));
  const key = createHash('sha256').update(lock).digest('hex').slice(0, 16);
  const root =
    env.SDWEBUI_RUNTIMES_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'sdwebui', 'runtimes');
  return join(root, key);
}

/** Where each binary lies inside an installed cache folder. */
export function binariesIn(dir: string): InstalledRuntimes {
  const modules = join(dir, 'node_modules');
  return {
    node22: join(modules, 'node22', 'bin', 'node'),
    node24: join(modules, 'node24', 'bin', 'node'),
    bun: join(modules, '@oven', 'bun-linux-x64', 'bin', 'bun'),
    deno: join(modules, '@deno', 'linux-x64-glibc', 'deno'),
    workerd: join(modules, '@cloudflare', 'workerd-linux-64', 'bin', 'workerd'),
  };
}

/**
 * Installs the pinned runtimes into the cache unless they are there already, and gives their paths.
 * `npm ci` runs in a fresh temporary folder that is renamed into place when complete, so an
 * interrupted install is never taken for a finished one. Install scripts are not run: the packages
 * ship their binaries, and nothing is downloaded from elsewhere.
 */
export async function ensureRuntimes(log: (line: string) => void = () => {}): Promise<InstalledRuntimes> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new RuntimeInstallError(
      `the matrix pins Linux x64 builds of its runtimes; this is ${process.platform}-${process.arch}`,
    );
  }
  const dir = await cacheDirFor();
  const binaries = binariesIn(dir);
  if (Object.values(binaries).every((path) => existsSync(path))) return binaries;
  const temporary = `${dir}.installing-${process.pid}`;
  await rm(temporary, { recursive: true, force: true });
  await mkdir(temporary, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) await cp(join(MANIFEST_DIR, file), join(temporary, file));
  log(`installing the pinned runtimes into ${dir} (npm ci, about 700 MB)`);
  const started = performance.now();
  try {
    await promisify(execFile)('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: temporary,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw new RuntimeInstallError(`npm ci of the runtimes failed: ${(error as Error).message}`);
  }
  await rm(dir, { recursive: true, force: true });
  await rename(temporary, dir);
  log(`installed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const missing = Object.entries(binariesIn(dir)).filter(([, path]) => !existsSync(path));
  if (missing.length > 0) throw new RuntimeInstallError(`installed, but missing: ${missing.map(([name]) => name)}`);
  return binariesIn(dir);
}
