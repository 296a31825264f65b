import { describe, expect, it } from 'vitest';
import { createSpecValidator } from '@sdwebui/validate';
import { BUILTIN_CASSETTES } from '../../http/server/index.js';
import { readProfileSpec } from '../../webui/profiles/index.js';
import { toPlain } from '../../webui/python/index.js';
import { loadCassettes } from './index.js';

describe('the built-in cassettes (made from real recordings)', () => {
  it('load, name their source, and every recorded answer validates against the 1.10 spec', async () => {
    const cassettes = await loadCassettes(BUILTIN_CASSETTES);
    expect(cassettes.length).toBeGreaterThanOrEqual(20);
    const validator = createSpecValidator(JSON.parse(new TextDecoder().decode(readProfileSpec('a1111-1.10'))));
    for (const cassette of cassettes) {
      expect(cassette.source).toMatch(/^spec\/recordings\/.+\.json: webui .+, published at https:\/\//);
      for (const { request, response } of cassette.interactions) {
        // Cassette bodies keep Python floats as PyFloat; the validator wants plain JSON values.
        const result = validator.validateResponse(
          request.method,
          request.path,
          response.status,
          toPlain(response.body ?? null),
        );
        expect(result.errors, `${cassette.source}`).toEqual([]);
      }
    }
  });
});
