#!/usr/bin/env node
// Build step of every public package, after tsc (run from the package folder): the CommonJS face of
// an ES-module package, written from its package.json `exports` map.
//
// For each `{"import": {types, default}, "require": {types, default}}` pair in the map:
// - the `require` file is a one-line CommonJS module, `module.exports = require('<the import file>')`.
//   Node 20.19+ and 22.12+ `require()` ES modules, so a CommonJS user and an ESM user of the same
//   process share ONE module instance (no dual-package hazard: `instanceof ApiError` holds across
//   both, the mock's state is one), and nothing is compiled twice;
// - the `require` types are `.d.cts` copies of the package's `.d.ts` files, relative specifiers
//   `./x.js` → `./x.cjs`. TypeScript reads a `.d.cts` as CommonJS; under `node16` a CommonJS file
//   (or declaration) importing an ES-module declaration is error TS1479, so the whole tree is copied.
//   Each copy keeps the line layout and points at its `.d.ts.map`, so "go to definition" still
//   lands in `src/`.
// Node 10 resolution (no `exports`) reads `main`/`types` and `typesVersions`, which the manifest
// points at the same `.cjs`/`.d.cts` files; `release:check` verifies every resolution mode.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, posix, relative } from 'node:path';

const packageDir = process.cwd();
const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));

/** Every object of the exports map that has both an `import` and a `require` branch. */
function* pairs(value) {
  if (value === null || typeof value !== 'object') return;
  if ('import' in value && 'require' in value) yield [value.import, value.require];
  for (const nested of Object.values(value)) yield* pairs(nested);
}

const fail = (message) => {
  throw new Error(`${manifest.name}: ${message}`);
};

const found = [...pairs(manifest.exports)];
if (found.length === 0) fail('the exports map has no {"import", "require"} pair');
for (const [esm, cjs] of found) {
  if (typeof esm?.default !== 'string' || !esm.default.endsWith('.js'))
    fail('an "import" branch needs a .js "default"');
  if (typeof cjs?.default !== 'string' || !cjs.default.endsWith('.cjs'))
    fail('a "require" branch needs a .cjs "default"');
  if (cjs.types !== esm.types?.replace(/\.d\.ts$/, '.d.cts'))
    fail(`"require" types must be the .d.cts twin of ${esm.types} (got ${cjs.types})`);
  const target = join(packageDir, cjs.default);
  let specifier = relative(dirname(target), join(packageDir, esm.default)).split('\\').join(posix.sep);
  if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  await mkdir(dirname(target), { recursive: true });
  await writeFile(
    target,
    `'use strict';\n// CommonJS entry: the ES module itself, through require(esm) (Node 20.19+, 22.12+).\nmodule.exports = require(${JSON.stringify(specifier)});\n`,
  );
}

/** `from './x.js'`, `import('./x.js')`: relative specifiers of a declaration file. */
const RELATIVE_JS = /(\bfrom\s*|\bimport\s*\(\s*)(['"])(\.{1,2}\/[^'"]*?)\.js\2/g;
const dist = join(packageDir, 'dist');
let copies = 0;
for (const entry of await readdir(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.d.ts') || entry.name.includes('.test.')) continue;
  const file = join(entry.parentPath, entry.name);
  const text = await readFile(file, 'utf8');
  await writeFile(file.replace(/\.d\.ts$/, '.d.cts'), text.replace(RELATIVE_JS, '$1$2$3.cjs$2'));
  copies += 1;
}
console.log(`${manifest.name}: ${found.length} CommonJS entr${found.length === 1 ? 'y' : 'ies'}, ${copies} .d.cts`);
