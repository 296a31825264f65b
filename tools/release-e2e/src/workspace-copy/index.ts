import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { run } from '@sdwebui/release-check/run';
import { pnpmCommand } from '../pnpm-command/index.js';

/** Never copied: installed dependencies (installed again), git history, caches. */
const SKIPPED = new Set(['node_modules', '.git', '.turbo']);

export interface WorkspaceCopy {
  /** The copy's root folder. */
  dir: string;
  /** Removes the copy. Safe to call twice. */
  remove(): Promise<void>;
}

/** Environment for git in the copy: an identity of its own, no user or system config. */
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'release-e2e',
  GIT_AUTHOR_EMAIL: 'release-e2e@localhost',
  GIT_COMMITTER_NAME: 'release-e2e',
  GIT_COMMITTER_EMAIL: 'release-e2e@localhost',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

/** Runs git in `dir`, throwing with its output when it fails. */
export async function git(dir: string, args: readonly string[]): Promise<string> {
  const result = await run('git', args, { cwd: dir, env: GIT_ENV });
  if (result.code !== 0) throw new Error(`git ${args.join(' ')} failed:\n${result.output}`);
  return result.output;
}

/**
 * A throwaway copy of the built workspace (`dist/` included) in a temp folder, installed offline
 * from pnpm's store with the frozen lockfile, as a fresh clone would be, and committed to a new git
 * repository on `main` (changesets tags releases there). Its own install matters: `pnpm publish`
 * writes an internal dependency's version from the linked package, which must be the copy's.
 */
export async function copyWorkspace(root: string): Promise<WorkspaceCopy> {
  const dir = join(await mkdtemp(join(tmpdir(), 'sdwebui-release-')), 'repo');
  const remove = () => rm(join(dir, '..'), { recursive: true, force: true });
  try {
    await cp(root, dir, { recursive: true, filter: (source) => !SKIPPED.has(basename(source)) });
    const [pnpm, ...pnpmArgs] = pnpmCommand();
    const install = await run(pnpm, [...pnpmArgs, 'install', '--frozen-lockfile', '--offline'], {
      cwd: dir,
      timeoutMs: 300_000,
    });
    if (install.code !== 0) throw new Error(`pnpm install --offline in the copy failed:\n${install.output}`);
    await git(dir, ['init', '-q', '-b', 'main']);
    await git(dir, ['add', '-A']);
    await git(dir, ['commit', '-q', '-m', 'release-e2e: the workspace as built']);
    return { dir, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}
