import { describe, expect, it } from 'vitest';
import type { SpecDiff } from '../diff/index.js';
import { specUpdateChangeset } from './index.js';

const diff: SpecDiff = {
  bump: 'major',
  counts: { breaking: 1, feature: 1, fix: 0 },
  changes: [
    { kind: 'breaking', operation: 'GET /sdapi/v1/schedulers', location: '', message: 'operation removed' },
    {
      kind: 'feature',
      operation: 'POST /sdapi/v1/txt2img',
      location: 'body.x',
      message: 'request field "x" added (string | null)',
    },
  ],
};

describe('specUpdateChangeset', () => {
  it('bumps by the classification and lists the changes and affected calls', () => {
    expect(
      specUpdateChangeset(diff, {
        packages: ['@sdwebui/client'],
        target: 'a1111-1.10',
        source: 'http://w/openapi.json',
        affectedCalls: ['schedulers', 'txt2img'],
      }),
    ).toBe(
      [
        '---',
        '"@sdwebui/client": major',
        '---',
        '',
        'Types regenerated for `a1111-1.10` from http://w/openapi.json: 1 breaking, 1 new, 0 fixed.',
        '',
        'Affected SDK calls: schedulers, txt2img.',
        '',
        'Breaking:',
        '',
        '- `GET /sdapi/v1/schedulers`: operation removed',
        '',
        'New:',
        '',
        '- `POST /sdapi/v1/txt2img` `body.x`: request field "x" added (string | null)',
        '',
      ].join('\n'),
    );
  });

  it('refuses to write a changeset for no change', () => {
    expect(() =>
      specUpdateChangeset(
        { ...diff, bump: 'none', changes: [] },
        { packages: [], target: 't', source: 's', affectedCalls: [] },
      ),
    ).toThrow(/no changes/);
  });
});
