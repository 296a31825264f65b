import { afterEach, describe, expect, it, vi } from 'vitest';
import { AddressRefusedError, boundedSystemResolve, checkedAddress, isPublicAddress } from './address-policy.js';

describe('callback addresses', () => {
  it('passes public unicast addresses only', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect(isPublicAddress(address), address).toBe(true);
    const refused = [
      '127.0.0.1',
      '127.9.9.9',
      '0.0.0.0',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '224.0.0.1',
      '255.255.255.255',
      '192.0.2.1',
      '198.18.0.1',
      '240.0.0.1',
      '::',
      '::1',
      'fe80::1',
      'fd00::1',
      'fc00::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '::ffff:169.254.169.254',
      '::7f00:1',
      '64:ff9b::a00:1',
      '2002:7f00:1::',
      '2001::1',
      '2001:db8::1',
      'fec0::1',
      'not an address',
      '',
    ];
    for (const address of refused) expect(isPublicAddress(address), address).toBe(false);
  });

  it('checks every address a name resolves to, and IP literals as they are', async () => {
    const resolve = async (name: string) =>
      name === 'mixed' ? ['8.8.8.8', 'fd00::2'] : name === 'none' ? [] : ['8.8.4.4'];
    await expect(checkedAddress('public', false, resolve)).resolves.toBe('8.8.4.4');
    await expect(checkedAddress('mixed', false, resolve)).rejects.toThrow(/fd00::2, which is not a public address/);
    await expect(checkedAddress('none', false, resolve)).rejects.toBeInstanceOf(AddressRefusedError);
    await expect(checkedAddress('[::1]', false, resolve)).rejects.toThrow(AddressRefusedError);
    await expect(checkedAddress('[::1]', true, resolve)).resolves.toBe('::1');
    await expect(checkedAddress('mixed', true, resolve)).resolves.toBe('8.8.8.8');
  });

  describe('the system resolver, bounded', () => {
    afterEach(() => vi.useRealTimers());

    it('gives up on a name whose DNS never answers, and never runs more than two lookups, abandoned ones included', async () => {
      vi.useFakeTimers();
      const started: string[] = [];
      const answers = new Map<string, (addresses: string[]) => void>();
      const lookup = (hostname: string) =>
        new Promise<string[]>((resolve) => {
          started.push(hostname);
          answers.set(hostname, resolve);
        });
      const resolve = boundedSystemResolve({ timeoutMs: 1_000, lookup });
      const outcomes = ['a', 'b', 'c', 'd'].map((name) =>
        resolve(`${name}.example`).then(
          (addresses) => addresses.join(),
          (error: Error) => error.message,
        ),
      );
      await vi.advanceTimersByTimeAsync(0);
      expect(started).toEqual(['a.example', 'b.example']);
      await vi.advanceTimersByTimeAsync(1_000);
      // Every caller has its answer in time; the two hung lookups still hold their places.
      expect(await Promise.all(outcomes)).toEqual([
        'no DNS answer for a.example within 1000 ms',
        'no DNS answer for b.example within 1000 ms',
        'no DNS answer for c.example within 1000 ms',
        'no DNS answer for d.example within 1000 ms',
      ]);
      const later = resolve('e.example');
      await vi.advanceTimersByTimeAsync(0);
      expect(started).toEqual(['a.example', 'b.example']);
      answers.get('a.example')?.(['8.8.8.8']);
      await vi.advanceTimersByTimeAsync(0);
      expect(started).toEqual(['a.example', 'b.example', 'e.example']);
      answers.get('e.example')?.(['8.8.4.4']);
      await expect(later).resolves.toEqual(['8.8.4.4']);
    });
  });
});
