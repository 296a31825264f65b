import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The pnpm that runs us (`npm_execpath` under `pnpm run`), else the pinned one through npx:
 * pnpm is not on PATH on a machine with Node and npm only.
 */
export function pnpmCommand(): [string, ...string[]] {
  const execpath = process.env.npm_execpath;
  return execpath?.includes('pnpm') ? [process.execPath, execpath] : ['npx', '-y', 'pnpm@10.34.8'];
}

/** Writes `<dir>/pnpm`, a shell script running {@link pnpmCommand}, for tools that spawn `pnpm` (changesets). */
export async function writePnpmShim(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const command = pnpmCommand()
    .map((part) => `'${part.replace(/'/g, `'\\''`)}'`)
    .join(' ');
  await writeFile(join(dir, 'pnpm'), `#!/bin/sh\nexec ${command} "$@"\n`);
  await chmod(join(dir, 'pnpm'), 0o755);
}
