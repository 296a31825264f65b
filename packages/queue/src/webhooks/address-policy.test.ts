import { describe, expect, it } from 'vitest';
import { AddressRefusedError, checkedAddress, isPublicAddress } from './address-policy.js';

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
});
