import { parseInfotext } from '@sdwebui/infotext';
import { describe, expect, it } from 'vitest';
import { createWebuiClient } from '../client.js';
import type { ScriptArgTypes } from '../index.js';
import { useMocks } from '../testing/mock-servers.js';

const mock = useMocks();

type XyzArgs = ScriptArgTypes['a1111-1.10']['txt2img']['x/y/z plot'];

/** X/Y/Z plot as a person writes it from script-info: axis types by label. */
const byLabel: XyzArgs = [
  'Steps',
  '1,2',
  [],
  'CFG Scale',
  '5,7',
  [],
  'Nothing',
  '',
  [],
  true,
  true,
  false,
  false,
  false,
  false,
  false,
  0,
  false,
];

describe('X/Y/Z plot against the mock webui (issue #24)', () => {
  it('by label generates its grid: the axis types are sent as their positions', async () => {
    const server = await mock();
    const client = createWebuiClient({ baseUrl: server.url });
    const result = await client.txt2img({
      prompt: 'a lighthouse',
      width: 16,
      height: 16,
      script_name: 'X/Y/Z plot',
      script_args: byLabel,
    });
    // The grid, then the four cells ("Include Sub Images").
    expect(result.images).toHaveLength(5);
    const grid = parseInfotext(result.images[0]?.infotext ?? '');
    expect(grid.extra).toMatchObject({ 'X Type': 'Steps', 'X Values': '1,2', 'Y Type': 'CFG Scale' });
    const sent = server.requests.find((request) => request.path === '/sdapi/v1/txt2img')?.body as {
      script_args: unknown[];
    };
    expect(sent.script_args.slice(0, 7)).toEqual([4, '1,2', [], 6, '5,7', [], 0]);
  });

  it('the same labels sent unchecked reach the webui as labels, which answers 500', async () => {
    const server = await mock();
    const client = createWebuiClient({ baseUrl: server.url, checkNames: false });
    const failure = await client
      .txt2img({ prompt: 'x', width: 16, height: 16, script_name: 'x/y/z plot', script_args: byLabel })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toMatchObject({ status: 500, errorClass: 'TypeError' });
  });
});
