// Issue #14's walk "mock route → generated PNG" for any checkout with a built mock, so that the figure of an
// old commit can be measured the same way (`git worktree add /tmp/old 451f65f`, install, build the mock):
//   node --enable-source-maps bench/walk/mock-route-to-png.mjs [checkout root, default: this one]
// Prints the hand-written modules (packages/*/src, not tests, not generated/) on the call stack, V8's async frames
// included, when zlib is first asked to deflate during an in-process txt2img; outermost first. Checkouts before
// #26 deflate with node:zlib, later ones with fflate's zlibSync: both are watched.
// packages/mock/src/walk.test.ts guards the same figure at HEAD.
import { register, syncBuiltinESMExports } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

Error.stackTraceLimit = Number.POSITIVE_INFINITY;
const root = resolve(process.argv[2] ?? new URL('../..', import.meta.url).pathname);
let stack;
for (const name of ['deflateSync', 'createDeflate', 'deflate']) {
  const original = zlib[name];
  Object.defineProperty(zlib, name, {
    configurable: true,
    enumerable: true,
    writable: true,
    value(...args) {
      stack ??= new Error().stack;
      return original.apply(this, args);
    },
  });
}
syncBuiltinESMExports();
globalThis.walkDeflated = () => {
  stack ??= new Error().stack;
};
// fflate's ESM exports cannot be replaced in place: a resolve hook serves the mock a module that wraps zlibSync.
const wrapper = (real) =>
  `import * as fflate from ${JSON.stringify(real)}; export * from ${JSON.stringify(real)};
   export function zlibSync(...args) { globalThis.walkDeflated(); return fflate.zlibSync(...args); }`;
register(
  `data:text/javascript,${encodeURIComponent(`
    const wrapper = ${wrapper.toString()};
    export async function resolve(specifier, context, next) {
      const resolved = await next(specifier, context);
      if (specifier !== 'fflate' || context.parentURL?.startsWith('data:')) return resolved;
      return { url: 'data:text/javascript,' + encodeURIComponent(wrapper(resolved.url)), shortCircuit: true };
    }`)}`,
);
const { createMockApp } = await import(pathToFileURL(`${root}/packages/mock/dist/index.js`).href);
const { app } = createMockApp();
const response = await app.request('/sdapi/v1/txt2img', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ prompt: 'puppy dog', steps: 5 }),
});
if (response.status !== 200 || stack === undefined) throw new Error(`txt2img answered ${response.status}`);
const modules = [];
for (const line of stack.split('\n').slice(1).reverse()) {
  const file = /((?:\/[^\s():]+)+\.ts):\d+:\d+/.exec(line)?.[1];
  if (file === undefined || !file.startsWith(`${root}/`)) continue;
  const module = file.slice(root.length + 1);
  if (!/^packages\/[^/]+\/src\//.test(module) || module.includes('/generated/') || module.endsWith('.test.ts'))
    continue;
  if (!modules.includes(module)) modules.push(module);
}
console.log(`${modules.length} modules, outermost first:\n${modules.map((module) => `  ${module}`).join('\n')}`);
