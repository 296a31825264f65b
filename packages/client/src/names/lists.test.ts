import { describe, expect, it } from 'vitest';
import { createWebuiClient, NotFoundError } from '../node.js';
import { hostileServer, json } from '../testing/hostile-server.js';
import { samplerNames } from './lists.js';

describe('samplerNames', () => {
  it('accepts names, aliases and "sampler label" combinations in any case, and nothing else', () => {
    const list = samplerNames(
      [
        { name: 'DPM++ 2M', aliases: ['k_dpmpp_2m'] },
        { name: 'Euler a', aliases: null },
      ],
      ['Karras', 'Automatic'],
    );
    for (const name of ['DPM++ 2M', 'dpm++ 2m', 'K_DPMPP_2M', 'DPM++ 2M Karras', 'euler a automatic'])
      expect(list.accepts(name)).toBe(true);
    for (const name of ['DPM++', 'Karras', 'k_dpmpp_2m Karras', 'Euler a Karras Karras', 'Euler aKarras', ''])
      expect(list.accepts(name)).toBe(false);
    expect(list.names).toEqual(['DPM++ 2M', 'Euler a']);
  });

  // A hostile server's 20,000 samplers and 20,000 scheduler labels (two 1 MB answers) made 400 M
  // strings: the process ran out of memory. Each sampler's name is now read a bounded number of times.
  it('never builds every sampler × label combination', () => {
    let reads = 0;
    const samplers = Array.from({ length: 500 }, (_, index) => ({
      get name() {
        reads++;
        return `Sampler ${index}`;
      },
      aliases: [],
    }));
    const list = samplerNames(
      samplers,
      Array.from({ length: 500 }, (_, index) => `Label ${index}`),
    );
    expect(list.accepts('sampler 499 label 499')).toBe(true);
    expect(list.accepts('Sampler 3 Label 500')).toBe(false);
    expect(reads).toBeLessThanOrEqual(2 * samplers.length);
  });
});

describe('an unknown name on a hostile server', () => {
  // A server's sampler named with a megabyte, suggested as the closest, made a message of megabytes.
  it('quotes the name and the closest names cut, and keeps them whole on the error', async () => {
    const long = `Euler ${'a'.repeat(1_000_000)}`;
    const server = await hostileServer({
      'GET /sdapi/v1/samplers': json([{ name: long, aliases: [], options: {} }]),
      'GET /sdapi/v1/schedulers': json([]),
    });
    const client = createWebuiClient({ baseUrl: server.url, target: 'a1111-1.10' });
    const typed = `Eular ${'a'.repeat(1_000_000)}`;
    const error = await client.txt2img({ prompt: 'p', sampler_name: typed }).result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message.length).toBeLessThan(1_000);
    expect((error as NotFoundError).suggestions).toEqual([long]);
    expect((error as NotFoundError).unknownName).toBe(typed);
  });
});
