#!/usr/bin/env node
// pnpm release:e2e — run after `pnpm build`: version, publish and install the packages through a
// local Verdaccio, as on release day (see RELEASING.md). Everything it starts or writes is removed
// at the end, on failure too; a watchdog bounds the whole run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { releaseDay } from './release-day/index.js';
import { startRegistry, type LocalRegistry } from './registry/index.js';
import { copyWorkspace, type WorkspaceCopy } from './workspace-copy/index.js';

/**
 * The whole run's bound: a guard against a hang, not a speed target. Measured: about 1.5 minutes on
 * 2 busy cores with a warm npm cache, and 598 s with the 2 cores loaded about 17 deep (other jobs),
 * two seconds short of the 10 minutes this bound used to be.
 */
const DEADLINE_MS = 25 * 60_000;

const root = fileURLToPath(new URL('../../../', import.meta.url));
const started = Date.now();
let registry: LocalRegistry | undefined;
let copy: WorkspaceCopy | undefined;
let scratch: string | undefined;

async function cleanUp(): Promise<void> {
  await Promise.allSettled([
    registry?.stop(),
    copy?.remove(),
    scratch && rm(scratch, { recursive: true, force: true }),
  ]);
}

const watchdog = setTimeout(() => {
  console.error(`FAIL release:e2e still running after ${DEADLINE_MS / 60_000} minutes: stopping`);
  void cleanUp().finally(() => process.exit(1));
}, DEADLINE_MS);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

try {
  registry = await startRegistry();
  console.log(`ok   Verdaccio on ${registry.url} (storage ${registry.dir})`);
  copy = await copyWorkspace(root);
  scratch = await mkdtemp(join(tmpdir(), 'sdwebui-release-env-'));
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`.padStart(6);
  await releaseDay({ copy: copy.dir, registry, scratch, log: (line) => console.log(`${line} [${elapsed()}]`) });
  console.log(`ok   release:e2e passed in ${Math.round((Date.now() - started) / 1000)} s`);
} catch (error) {
  console.error(`FAIL ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  await cleanUp();
}
