import { createHook, executionAsyncId } from 'node:async_hooks';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMockServer } from '@sdwebui/mock';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './index.js';

/**
 * The walk from a CLI flag to the HTTP call (issue #14): the hand-written modules on the stack when
 * `fetch` is called for `sdwebui txt2img "x" --steps 5`. A job's request runs detached from the
 * command (the SDK returns a `Job` at once), which cuts V8's async stack; so the stack at the sink
 * is followed back, through the promises that resumed it (async_hooks), to the stack that started
 * the job, the first one with `runCli` on it — a long stack trace of callers only.
 * Measured the same way at 451f65f (when the issue was filed): 6 modules, cli/index →
 * cli/commands/generate → client/client → client/resources/generation → client/core/request → client/node.
 */
const BEFORE = 6;

const packagesDir = fileURLToPath(new URL('../../', import.meta.url));

/** cli → client facade → client resources → client core (then fetch). A module may only call or import rightwards. */
function layerOf(module: string): number {
  if (module.startsWith('cli/')) return 0;
  if (/^client\/(client|node|index)$/.test(module)) return 1;
  if (/^client\/(core|raw-client|generated)\//.test(module)) return 3;
  if (module.startsWith('client/')) return 2;
  throw new Error(`${module} is on the walk but in no layer: place it in layerOf()`);
}

/** `cli/commands/generate` for a frame in packages/cli/src/commands/generate.ts (or its built dist/…js). */
function moduleOf(frame: string): string | undefined {
  const match = /packages\/([\w-]+)\/(?:src|dist)\/([\w/.-]+?)\.(?:ts|js):\d+/.exec(frame);
  if (!match || frame.includes('node_modules') || match[2]?.endsWith('.test')) return undefined;
  return `${match[1]}/${match[2]}`;
}

/** The first-seen order of modules in a stack, outermost caller first. */
function modulesIn(stack: string): string[] {
  const modules: string[] = [];
  for (const frame of stack.split('\n').reverse()) {
    const module = moduleOf(frame);
    if (module !== undefined && !modules.includes(module)) modules.push(module);
  }
  return modules;
}

/** Records each promise's creation stack, to follow a detached chain back to where it started. */
function longStacks() {
  const created = new Map<number, { trigger: number; stack: string }>();
  const hook = createHook({
    init(id, _type, trigger) {
      created.set(id, { trigger, stack: new Error().stack ?? '' });
    },
  });
  return {
    hook,
    /** The stack here, then each creation stack back to the first with the command's entry on it. */
    capture(): string {
      const parts = [new Error().stack ?? ''];
      const seen = new Set<number>();
      for (let id = executionAsyncId(); created.has(id) && !seen.has(id); ) {
        seen.add(id);
        const { trigger, stack } = created.get(id) as { trigger: number; stack: string };
        parts.push(stack);
        if (/packages\/cli\/(src|dist)\/index\.(ts|js)/.test(stack)) break;
        id = trigger;
      }
      return parts.join('\n');
    },
  };
}

/** Relative and `@sdwebui/*` imports of a walk module, as module names. */
async function importsOf(module: string): Promise<string[]> {
  const [pkg, ...rest] = module.split('/');
  const path = rest.join('/');
  const text = await readFile(join(packagesDir, pkg as string, 'src', `${path}.ts`), 'utf8');
  const targets: string[] = [];
  for (const [, specifier] of text.matchAll(/(?:from|import\(?)\s*'([^']+)'/g)) {
    if (specifier?.startsWith('.'))
      targets.push(`${pkg}/${posix.join(posix.dirname(path), specifier).replace(/\.js$/, '')}`);
    else if (specifier?.startsWith('@sdwebui/')) targets.push(`${specifier.slice('@sdwebui/'.length)}/index`);
  }
  return targets.filter((target) => /^(cli|client)\//.test(target));
}

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** Runs `sdwebui txt2img "x" --steps 5` against the mock and returns the walk at the generation's `fetch`. */
async function walkToFetch(): Promise<string[]> {
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = Number.POSITIVE_INFINITY;
  const server = await createMockServer();
  const work = await mkdtemp(join(tmpdir(), 'sdwebui-walk-'));
  cleanup.push(
    () => server.close(),
    () => rm(work, { recursive: true, force: true }),
  );
  const stacks = longStacks();
  const realFetch = globalThis.fetch;
  let sink: string | undefined;
  globalThis.fetch = (input, init) => {
    const [method, url] = input instanceof Request ? [input.method, input.url] : [init?.method, String(input)];
    if (method === 'POST' && url.endsWith('/sdapi/v1/txt2img')) sink ??= stacks.capture();
    return realFetch(input, init);
  };
  stacks.hook.enable();
  cleanup.push(
    () => void stacks.hook.disable(),
    () => {
      globalThis.fetch = realFetch;
      Error.stackTraceLimit = stackTraceLimit;
    },
  );
  const io = { out: () => {}, err: () => {} };
  const argv = ['node', 'sdwebui', 'txt2img', 'x', '--steps', '5', '--url', server.url, '--out-dir', work];
  expect(await runCli(argv, { io, onInterrupt: () => {} })).toBe(0);
  expect(sink, 'the txt2img request never reached fetch').toBeDefined();
  return modulesIn(sink as string);
}

describe('the walk from a CLI flag to the HTTP call', () => {
  it(`passes through fewer than ${BEFORE} modules, in layer order, none importing an earlier layer`, async () => {
    const walk = await walkToFetch();
    expect(walk[0], walk.join(' → ')).toBe('cli/index');
    expect(walk.at(-1), walk.join(' → ')).toMatch(/^client\/(core|raw-client)\//);
    expect(walk.length, walk.join(' → ')).toBeLessThan(BEFORE);
    const layers = walk.map(layerOf);
    const stepsBack = walk.filter((_, index) => index > 0 && (layers[index] as number) < (layers[index - 1] as number));
    expect(stepsBack, `calls back into an earlier layer on ${walk.join(' → ')}`).toEqual([]);
    const backwardImports: string[] = [];
    for (const module of walk) {
      for (const target of await importsOf(module)) {
        if (layerOf(target) < layerOf(module)) backwardImports.push(`${module} imports ${target}`);
      }
    }
    expect(backwardImports).toEqual([]);
  });
});
