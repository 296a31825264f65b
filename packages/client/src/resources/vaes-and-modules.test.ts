import { describe, expect, it } from 'vitest';
import { createWebuiClient, UnsupportedError } from '../node.js';
import { useMocks } from '../testing/mock-servers.js';

const mock = useMocks();

// Issue #24: there was no vaes() or modules(), and the CLI's `vaes` printed Forge's raw 404.
describe('client.vaes() and client.modules()', () => {
  it("A1111 lists its VAEs; asked for modules, it says they are Forge's and names vaes()", async () => {
    const server = await mock();
    const client = createWebuiClient({ baseUrl: server.url });
    const vaes = await client.vaes();
    expect(vaes.length).toBeGreaterThan(0);
    expect(typeof vaes[0]?.model_name).toBe('string');
    const error = await client.modules().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnsupportedError);
    expect(error).toMatchObject({ fork: 'a1111' });
    expect((error as Error).message).toMatch(/modules are Forge's .*client\.vaes\(\)/);
  });

  it('Forge lists its modules; asked for VAEs, it says Forge takes them as modules', async () => {
    const server = await mock({ profile: 'forge-2' });
    const client = createWebuiClient({ baseUrl: server.url });
    expect((await client.modules()).map((item) => item.model_name)).toEqual([
      'ae.safetensors',
      'clip_l.safetensors',
      't5xxl_fp16.safetensors',
    ]);
    const error = await client.vaes().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnsupportedError);
    expect(error).toMatchObject({ fork: 'forge' });
    expect((error as Error).message).toContain('client.modules()');
  });
});
