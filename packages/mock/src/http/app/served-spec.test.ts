import { describe, expect, it } from 'vitest';
import { readProfileSpec } from '../../webui/profiles/index.js';
import { createMockApp } from './index.js';
import { SpecOptionError } from './served-spec.js';

const openapi = async (app: ReturnType<typeof createMockApp>['app']) => {
  const response = await app.request('/openapi.json');
  return { bytes: new Uint8Array(await response.arrayBuffer()), status: response.status };
};
const pathsOf = (bytes: Uint8Array) => Object.keys(JSON.parse(new TextDecoder().decode(bytes)).paths as object);

// Issue #24: the mock served /controlnet/* and /adetailer/* without listing them, so a spec pulled from it typed none.
describe('/openapi.json lists the routes the mock serves', () => {
  it("the installed extensions' routes and schemas join the core spec, as FastAPI lists them", async () => {
    const { app, webui } = createMockApp();
    const doc = JSON.parse(new TextDecoder().decode((await openapi(app)).bytes)) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(Object.keys(webui.spec.paths)));
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/controlnet/model_list', '/controlnet/detect', '/adetailer/v1/ad_model']),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['ControlNetUnit', 'ADetailerArgs']));
    // Every extension route the mock answers is listed.
    for (const path of ['/controlnet/module_list', '/adetailer/v1/version'])
      expect((await app.request(path)).status, path).toBe(200);
  });

  it('without extensions it is the profile spec, byte for byte; Forge lists its built-in ControlNet', async () => {
    expect((await openapi(createMockApp({ extensions: [] }).app)).bytes).toEqual(readProfileSpec('a1111-1.10'));
    const forge = pathsOf((await openapi(createMockApp({ profile: 'forge-2', extensions: [] }).app)).bytes);
    expect(forge).toContain('/controlnet/model_list');
    expect(forge).not.toContain('/adetailer/v1/ad_model');
    expect(
      pathsOf((await openapi(createMockApp({ nowebui: true }).app)).bytes).some((path) =>
        path.startsWith('/internal/'),
      ),
    ).toBe(false);
  });
});

// Issue #24: `sdwebui mock --spec /etc/passwd` started and served it.
describe('a spec to serve must be an OpenAPI document', () => {
  it.each([
    ['a text file', 'root:x:0:0:root:/root:/bin/bash\n'],
    ['JSON that is not OpenAPI', '{"hello": "world"}'],
    ['Swagger 2', '{"swagger": "2.0", "paths": {}}'],
    ['OpenAPI without paths', '{"openapi": "3.0.2"}'],
  ])('refuses %s', (_what, text) => {
    expect(() => createMockApp({ spec: new TextEncoder().encode(text) })).toThrow(SpecOptionError);
    expect(() => createMockApp({ profile: 'sdnext', spec: new TextEncoder().encode(text) })).toThrow(SpecOptionError);
  });

  it('serves an OpenAPI document as it is', async () => {
    const spec = new TextEncoder().encode('{"openapi":"3.1.0","paths":{"/sdapi/v1/x":{}}}');
    expect((await openapi(createMockApp({ spec }).app)).bytes).toEqual(spec);
  });
});
