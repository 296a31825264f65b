import { describe, expect, it } from 'vitest';
import type { DeclarationReflection } from 'typedoc';
import { convertWith, pluginPath } from '../testing/typedoc-project.js';
import { isExternal } from './index.mjs';

const SOURCE = `
import { EventEmitter } from 'node:events';
/** A base of ours. */
export class Base { /** Ours. */ hello(): string { return 'hi'; } }
/** Inherits from Node and from us. */
export class Worker extends EventEmitter { /** Its own. */ start(): void {} }
/** Inherits from us. */
export class Child extends Base {}
`;

const memberNames = (reflection: unknown) =>
  ((reflection as DeclarationReflection).children ?? []).map((child) => child.name);

// Each conversion takes seconds (tens on a loaded machine): a TypeScript program per fixture.
describe('the node-inherited TypeDoc plugin', () => {
  it("drops the members a class inherits from Node's classes, keeps its own and those inherited from ours", async () => {
    const without = await convertWith([], { 'src/index.ts': SOURCE }, { nodeTypes: true });
    expect(memberNames(without.project.getChildByName('Worker'))).toContain('once');

    const { project } = await convertWith(
      [pluginPath('node-inherited')],
      { 'src/index.ts': SOURCE },
      { nodeTypes: true },
    );
    expect(memberNames(project.getChildByName('Worker'))).toEqual(['constructor', 'start']);
    expect(memberNames(project.getChildByName('Child'))).toEqual(['constructor', 'hello']);
    expect(isExternal('/repo/node_modules/@types/node/events.d.ts')).toBe(true);
    expect(isExternal('/repo/packages/queue/src/worker/index.ts')).toBe(false);
  }, 180_000);
});
