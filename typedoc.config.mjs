// @ts-check
import { fileURLToPath } from 'node:url';
import { OptionDefaults } from 'typedoc';

/**
 * The packages in the API reference, each documented from its public entry: `src/index.ts`, unless the
 * package's own `typedoc.json` names another. A new package is one more name here.
 *
 * A type that a public signature references but the entry does not export is a warning, and warnings
 * fail the command. A package's `typedoc.json` lists the known gaps (`intentionallyNotExported`) until
 * the package exports those types or stops exposing them; TypeDoc also warns when a listed name is
 * no longer a gap, so the lists cannot go stale.
 */
const packages = ['client', 'mock', 'infotext', 'validate', 'spec', 'queue', 'internal'];

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'sdwebui API reference',
  // Our plugins (tools/docs-check/src/*/index.mjs): the generated webui types as summaries, not
  // megabytes of types; signatures with the type names their source wrote, not the types expanded;
  // no copy of Node's documentation for the members a class inherits from Node.
  plugin: [
    './tools/docs-check/src/generated-summary/index.mjs',
    './tools/docs-check/src/declared-types/index.mjs',
    './tools/docs-check/src/node-inherited/index.mjs',
  ],
  entryPointStrategy: 'packages',
  entryPoints: packages.map((name) => `packages/${name}`),
  packageOptions: {
    entryPoints: ['src/index.ts'],
    tsconfig: 'tsconfig.build.json',
    // openapi-typescript writes `@description` in the generated webui types.
    blockTags: [...OptionDefaults.blockTags, '@description'],
    // Every public function, class and method says what it does.
    validation: { notExported: true, invalidLink: true, notDocumented: true },
    requiredToBeDocumented: ['Function', 'Class', 'Method'],
    // Source links from the repository's address, not from `git remote`: a clone without a remote
    // (or with another name for it) made TypeDoc warn, and warnings fail the command.
    disableGit: true,
    displayBasePath: fileURLToPath(new URL('.', import.meta.url)),
    sourceLinkTemplate: 'https://github.com/sdwebui/sdwebui/blob/{gitRevision}/{path}#L{line}',
    gitRevision: 'main',
  },
  out: 'docs/api',
  readme: 'none',
  treatWarningsAsErrors: true,
};
