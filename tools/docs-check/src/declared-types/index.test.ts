import { describe, expect, it } from 'vitest';
import type { DeclarationReflection } from 'typedoc';
import { convertWith, pluginPath } from '../testing/typedoc-project.js';
import { reflectionsIn } from './index.mjs';

const SOURCE = `
interface Generated { schemas: { Options: { sd_model_checkpoint?: string; CLIP_stop_at_last_layers?: number } } }
/** The options. */
export type Options = Generated['schemas']['Options'];
/** Reads them. */
export function getOptions(): Promise<Options> { return Promise.resolve({}); }
/** One or several. */
export function pick(tabs: Options | string | ReadonlyArray<Options | string>): void { void tabs; }
`;

const signatureOf = (reflection: unknown) => (reflection as DeclarationReflection).signatures?.[0];

// Each conversion takes seconds (tens on a loaded machine): a TypeScript program per fixture.
describe('the declared-types TypeDoc plugin', () => {
  it('keeps the alias names a signature was written with, where TypeDoc alone expands them', async () => {
    const without = await convertWith([], { 'src/index.ts': SOURCE });
    expect(signatureOf(without.project.getChildByName('getOptions'))?.type?.toString()).toContain(
      'sd_model_checkpoint',
    );

    const { project, warnings } = await convertWith([pluginPath('declared-types')], { 'src/index.ts': SOURCE });
    expect(signatureOf(project.getChildByName('getOptions'))?.type?.toString()).toBe('Promise<Options>');
    expect(signatureOf(project.getChildByName('pick'))?.parameters?.[0]?.type?.toString()).toBe(
      'Options | string | ReadonlyArray<Options | string>',
    );
    expect(warnings).toEqual([]);
  }, 180_000);

  it('finds the object literal types inside a type, to take them out of the project', () => {
    const declaration = { name: '__type' };
    const union = {
      type: 'union',
      types: [
        { type: 'intrinsic', name: 'string' },
        { type: 'reflection', declaration },
      ],
    };
    expect(reflectionsIn({ type: 'reference', typeArguments: [union] })).toEqual([declaration]);
    expect(reflectionsIn(undefined)).toEqual([]);
  });
});
