// CLI start-up: `sdwebui png-info FILE` as a person runs it (a new Node process), against
// `node -e ""` started the same way, alternated in the same run.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figure, mapStats, timePair } from './stats.mjs';

const root = new URL('../../', import.meta.url).pathname;
const STARTS = 5;

/** A PNG with a `parameters` chunk, made by the mock's txt2img in-process (no server). */
async function samplePng(dir) {
  const { createMockApp } = await import('@sdwebui/mock');
  const { app } = createMockApp();
  const reply = await app.request('/sdapi/v1/txt2img', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: 'puppy dog', steps: 1, width: 64, height: 64 }),
  });
  const { images } = await reply.json();
  const path = join(dir, 'sample.png');
  await writeFile(path, Buffer.from(images[0], 'base64'));
  return path;
}

export async function cliFigures() {
  const dir = await mkdtemp(join(tmpdir(), 'sdwebui-bench-cli-'));
  try {
    const png = await samplePng(dir);
    const bin = join(root, 'packages/cli/bin/sdwebui.js');
    const start = (args) => () => {
      for (let i = 0; i < STARTS; i++) execFileSync(process.execPath, args, { stdio: 'pipe' });
    };
    const printed = execFileSync(process.execPath, [bin, 'png-info', png], { encoding: 'utf8' });
    if (!printed.startsWith('puppy dog\n')) throw new Error(`png-info printed ${JSON.stringify(printed.slice(0, 80))}`);
    const { value, baseline } = await timePair(start([bin, 'png-info', png]), start(['-e', '']));
    const perStart = (s) => mapStats(s, (ms) => ms / STARTS);
    return [
      figure({
        name: '`sdwebui png-info FILE` cold start (new process) vs `node -e ""`',
        unit: 'ms',
        value: perStart(value),
        baseline: perStart(baseline),
        target: 3,
        better: 'lower',
      }),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
