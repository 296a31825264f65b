// @ts-check
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
  entryPointStrategy: 'packages',
  entryPoints: packages.map((name) => `packages/${name}`),
  packageOptions: {
    entryPoints: ['src/index.ts'],
    tsconfig: 'tsconfig.build.json',
    // openapi-typescript writes `@description` in the generated webui types.
    blockTags: [...OptionDefaults.blockTags, '@description'],
  },
  out: 'docs/api',
  readme: 'none',
  treatWarningsAsErrors: true,
};
