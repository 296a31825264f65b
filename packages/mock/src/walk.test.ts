import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { createMockApp } from './http/app/index.js';

/**
 * Issue #14's walk "mock route → generated PNG": the hand-written modules on the call stack (V8's
 * async frames included) when the deflate of a txt2img image is called, and the wings' import
 * directions. The wings are layers a request crosses in order, http → fastapi → webui → png; a
 * module calling or importing an earlier layer is a step back.
 */
const SRC = dirname(fileURLToPath(import.meta.url));

const sink = vi.hoisted(() => ({ stack: undefined as string | undefined }));

vi.mock('fflate', async (importOriginal) => {
  const fflate = await importOriginal<typeof import('fflate')>();
  const zlibSync: typeof fflate.zlibSync = (...args) => {
    sink.stack ??= new Error().stack;
    return fflate.zlibSync(...args);
  };
  return { ...fflate, zlibSync };
});

/** Measured with the same capture at `451f65f`, when the issue was filed: see the README's walk section. */
const MODULES_BEFORE = 4;

const LAYERS = ['http', 'fastapi', 'webui', 'png'] as const;

/** Layer of a module (path under `src/`); `undefined` outside the four layers (recording, the package index). */
function layerOf(module: string): number | undefined {
  if (module.startsWith('webui/png/')) return 3;
  const index = LAYERS.indexOf(module.split('/')[0] as (typeof LAYERS)[number]);
  return index >= 0 ? index : undefined;
}

/** Distinct hand-written modules of this package on a stack, outermost first. */
function modulesOn(stack: string): string[] {
  const modules: string[] = [];
  for (const line of stack.split('\n').slice(1).reverse()) {
    const file = /\(?((?:\/[^\s():]+)+\.ts):\d+:\d+\)?$/.exec(line.trim())?.[1];
    if (file === undefined || !file.startsWith(`${SRC}/`) || file.endsWith('.test.ts')) continue;
    const module = relative(SRC, file);
    if (!module.includes('generated/') && !modules.includes(module)) modules.push(module);
  }
  return modules;
}

/** Package modules `file` imports (static, `import type` included), as paths under `src/`. */
function importsOf(module: string): string[] {
  const text = readFileSync(join(SRC, module), 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((match) => match[1] as string);
  return specifiers.map((specifier) => relative(SRC, resolve(SRC, dirname(module), specifier)).replace(/\.js$/, '.ts'));
}

function sourceModules(dir = ''): string[] {
  return readdirSync(join(SRC, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return sourceModules(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * Imports from webui into fastapi that stay, each for a reason: extensions declare their own
 * pydantic models and FastAPI routes (as the real ones import pydantic and FastAPI), and image
 * inputs are decoded with Python's `b64decode`, which lives beside the body reader.
 */
const KNOWN_WEBUI_TO_FASTAPI = new Set([
  'webui/extensions/adetailer/index.ts → fastapi/pydantic/index.ts',
  'webui/extensions/adetailer/args.ts → fastapi/pydantic/index.ts',
  'webui/extensions/pydantic-error.ts → fastapi/errors/index.ts',
  'webui/extensions/routes.ts → fastapi/request-model/index.ts',
  'webui/extensions/controlnet/units.ts → fastapi/errors/index.ts',
  'webui/extensions/controlnet/units.ts → fastapi/pydantic/index.ts',
  'webui/generation/image-input.ts → fastapi/base64/index.ts',
  'webui/sdnext/image/decode.ts → fastapi/base64/index.ts',
]);

describe('the walk from the txt2img route to the generated PNG', () => {
  it('passes through fewer modules than at 451f65f, layer by layer, never stepping back', async () => {
    const { app } = createMockApp();
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = Number.POSITIVE_INFINITY;
    sink.stack = undefined;
    try {
      const response = await app.request('/sdapi/v1/txt2img', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'puppy dog', steps: 5 }),
      });
      expect(response.status).toBe(200);
    } finally {
      Error.stackTraceLimit = limit;
    }
    const modules = modulesOn(sink.stack ?? '');
    // The route's mount, the generation and the encoder: a plain mock's requests meet no middleware
    // of their own (the X-Process-Time clock starts in the route), one module fewer than at 451f65f.
    expect(modules).toEqual(['http/app/index.ts', 'webui/generation/index.ts', 'webui/png/index.ts']);
    expect(modules.length).toBeLessThan(MODULES_BEFORE);
    const layers = modules.map(layerOf);
    expect(layers).not.toContain(undefined);
    for (const [at, layer] of layers.entries()) expect(layer).toBeGreaterThanOrEqual(layers[at - 1] ?? 0);
    // Nothing on the walk imports an earlier layer.
    for (const module of modules) {
      for (const imported of importsOf(module)) {
        expect(layerOf(imported) ?? 0, `${module} → ${imported}`).toBeGreaterThanOrEqual(layerOf(module) ?? 0);
      }
    }
  });

  it('no wing imports an earlier one, but for the webui uses of fastapi listed with their reasons', () => {
    const backwards: string[] = [];
    for (const module of sourceModules()) {
      const from = layerOf(module);
      if (from === undefined) continue;
      for (const imported of importsOf(module)) {
        const to = layerOf(imported);
        if (to !== undefined && to < from) backwards.push(`${module} → ${imported}`);
      }
    }
    expect(backwards.filter((edge) => !KNOWN_WEBUI_TO_FASTAPI.has(edge))).toEqual([]);
    expect(new Set(backwards)).toEqual(KNOWN_WEBUI_TO_FASTAPI);
  });
});
