import { describe, expect, it } from 'vitest';
import { HANDLERS } from '../../http/app/index.js';
import { testMock } from '../../testing/test-mock.js';
import { A1111_PROFILE_IDS } from './index.js';

/** 1×1 grayscale, and 8×8 RGB (Forge reads every image without an infotext for a stealth one, which fails on grayscale). */
const tinyPng = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';
const rgbPng =
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAFElEQVR4nGM8ISfHgA0wYRUdtBIA0MoBFD5jqJkAAAAASUVORK5CYII=';

describe.each(A1111_PROFILE_IDS)('profile %s', (profile) => {
  const { call, webui } = testMock({ profile });

  it('emulates every core operation of its spec', () => {
    const missing = Object.entries(webui.spec.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .map((method) => `${method.toUpperCase()} ${path}`)
        .filter((key) => HANDLERS[key] === undefined),
    );
    expect(missing).toEqual([]);
  });

  it('answers every parameter-less GET with a body its spec allows', async () => {
    for (const [path, item] of Object.entries(webui.spec.paths)) {
      if (!('get' in item)) continue;
      const reply = await call('GET', path);
      expect(reply.status, path).toBe(200);
    }
  });

  it("serves its spec (or its server's own document) and an API page", async () => {
    const spec = await call('GET', '/openapi.json');
    // The spec, then the installed extensions' routes (FastAPI lists them too).
    const core = Object.keys(spec.json.paths).filter((path) => !/^\/(controlnet|adetailer)\//.test(path));
    if (webui.profile.document === null) expect(core).toEqual(Object.keys(webui.spec.paths));
    else {
      expect(spec.json.openapi).toBe('3.1.0');
      expect(core).toEqual(expect.arrayContaining(Object.keys(webui.spec.paths)));
    }
    const docs = await call('GET', '/docs');
    expect(docs.text).toContain('<code>POST /sdapi/v1/txt2img</code>');
  });

  it('generates and describes images in its own shapes', async () => {
    const made = await call('POST', '/sdapi/v1/txt2img', { prompt: 'p', steps: 2, width: 64, height: 64 });
    const info = JSON.parse(made.json.info);
    const described = await call('POST', '/sdapi/v1/png-info', { image: made.json.images[0] });
    expect(described.json.info).toBe(info.infotexts[0]);
    if (profile === 'a1111-1.4') {
      expect(info).not.toHaveProperty('version');
      expect(info.infotexts[0]).toContain('Seed resize from: -1x-1, Denoising strength: 0');
      expect(described.json).toEqual({ info: info.infotexts[0], items: { parameters: info.infotexts[0] } });
    } else {
      expect(info.version).toBe(webui.profile.version);
      expect(described.json.parameters.Prompt).toBe('p');
    }
    const plain = await call('POST', '/sdapi/v1/png-info', { image: webui.profile.fork === null ? tinyPng : rgbPng });
    expect(plain.json.info).toBe('');
  });
});
