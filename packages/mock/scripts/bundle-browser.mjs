// Build step, after tsc: the browser mock's Service Worker, dist/bundle/browser/service-worker.js, one
// self-contained classic script: the mock's app (dist/browser/worker.js), Hono, fflate, the `buffer`
// package for the app's Buffer use, and the data files the A1111-family profiles read (specs, the
// recordings the catalogue is made from, the extensions' documents), embedded. The Node modules the
// app imports are replaced by the shims in dist/browser/shims/: SHA-256 and random numbers on Web
// Crypto, `readFileSync` of the embedded data, a timer turn for `setImmediate`, and failing stubs for
// the file-based parts (cassette folders, recording), which the browser mock does not offer.
import { readdir, readFile } from 'node:fs/promises';
import { build } from 'esbuild';

const dist = new URL('../dist/', import.meta.url);
const data = new URL('../data/', import.meta.url);
const shims = new URL('browser/shims/', dist).pathname;

/** data/ files the browser mock embeds (as text: all are JSON): everything the A1111-family profiles read; not SD.Next's, not the cassettes. */
const EMBEDDED = /^(specs\/(?!sdnext)[^/]+\.json|recordings\/[^/]+\.json|extensions\/.+\.json)$/;
const embedded = {};
for (const entry of await readdir(data, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const path = `${entry.parentPath}/${entry.name}`.slice(data.pathname.length);
  if (EMBEDDED.test(path)) embedded[path] = await readFile(new URL(path, data), 'utf8');
}

const SHIMS = {
  'node:crypto': 'crypto.js',
  'node:fs': 'fs.js',
  'node:timers/promises': 'timers.js',
  'node:fs/promises': 'unsupported.js',
  'node:path': 'unsupported.js',
};

const result = await build({
  stdin: {
    // The data module first: the app reads some files while its modules load.
    contents: "import 'sdwebui-mock:data'; import './browser/worker.js';",
    resolveDir: dist.pathname,
    loader: 'js',
  },
  outfile: new URL('bundle/browser/service-worker.js', dist).pathname,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  metafile: true,
  // The package says `sideEffects: false` for its consumers' bundlers; the worker module is all side effects.
  ignoreAnnotations: true,
  // Every module finds data/ as new URL('../../../data/…', import.meta.url) from dist/*/*/ (see bundle-entry.mjs).
  define: { 'import.meta.url': JSON.stringify('file:///sdwebui-mock/dist/a/b/module.js') },
  inject: [new URL('browser-globals.mjs', import.meta.url).pathname],
  plugins: [
    {
      name: 'browser-mock',
      setup(context) {
        context.onResolve({ filter: /^node:/ }, ({ path }) => {
          if (path === 'node:buffer')
            return context.resolve('buffer', { kind: 'import-statement', resolveDir: dist.pathname });
          const shim = SHIMS[path];
          if (shim === undefined) return { errors: [{ text: `the browser mock has no shim for ${path}` }] };
          return { path: `${shims}${shim}` };
        });
        context.onResolve({ filter: /^sdwebui-mock:data$/ }, () => ({ path: 'data', namespace: 'sdwebui-mock' }));
        context.onLoad({ filter: /.*/, namespace: 'sdwebui-mock' }, () => ({
          contents: `import { embedData } from ${JSON.stringify(`${shims}fs.js`)}; embedData(${JSON.stringify(embedded)});`,
          loader: 'js',
          resolveDir: dist.pathname,
        }));
      },
    },
  ],
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs)[0].bytes;
console.log(
  `browser mock: dist/bundle/browser/service-worker.js, ${(bytes / 1024).toFixed(0)} KiB with ${Object.keys(embedded).length} data files`,
);
