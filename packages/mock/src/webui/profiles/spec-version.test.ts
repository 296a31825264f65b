import { describe, expect, it } from 'vitest';
import { testMock } from '../../testing/test-mock.js';
import { getProfile, readProfileDocument, readProfileSpec } from './index.js';
import { specVersion } from './spec-version.js';

describe('specVersion (class 9 of #12: provenance)', () => {
  it("knows each profile's normalized spec, and nothing else", () => {
    expect(specVersion(readProfileSpec('a1111-1.7'))).toBe('v1.7.0');
    const changed = new TextEncoder().encode(`${new TextDecoder().decode(readProfileSpec('a1111-1.10'))} `);
    expect(specVersion(changed)).toBeNull();
    // Forge's own document (spec/captures/forge-dfdcbab.openapi.json), which forge-2 serves.
    expect(specVersion(readProfileDocument(getProfile('forge-2')) as Uint8Array)).toBe(getProfile('forge-2').version);
  });

  it("/internal/sysinfo says the served spec's release, not the profile's", async () => {
    const unknown = testMock({
      spec: new TextEncoder().encode('{"openapi":"3.0.2","info":{"title":"v1.5","version":"0.1.0"},"paths":{}}'),
    });
    expect((await unknown.call('GET', '/internal/sysinfo')).json.Version).toBe('<none>');
    const v14 = testMock({ profile: 'a1111-1.10', spec: readProfileSpec('a1111-1.4') });
    expect((await v14.call('GET', '/internal/sysinfo')).json.Version).toBe('v1.4.1');
    expect((await testMock().call('GET', '/internal/sysinfo')).json.Version).toBe('v1.10.1');
  });
});
