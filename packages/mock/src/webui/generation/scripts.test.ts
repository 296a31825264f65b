import { describe, expect, it } from 'vitest';
import { testMock } from '../../testing/test-mock.js';

/** A 1.10 webui, whose txt2img scripts include X/Y/Z plot and Prompt matrix (selectable) and Refiner (always-on). */
const withScripts = () => testMock();

const small = { steps: 1, width: 8, height: 8 };

/** Issue #12 class 7, scripts: `get_selectable_script` and `init_script_args`. */
describe("class 7: the webui's own errors, raised where the webui raises them (scripts)", () => {
  it('a selectable script in alwayson_scripts is refused', async () => {
    const { call } = withScripts();
    expect(
      await call('POST', '/sdapi/v1/txt2img', { ...small, alwayson_scripts: { 'X/Y/Z plot': { args: [] } } }),
    ).toMatchObject({
      status: 422,
      json: {
        error: 'HTTPException',
        detail: 'Cannot have a selectable script in the always on scripts params',
        body: '',
        errors: '',
      },
    });
    expect(
      (await call('POST', '/sdapi/v1/txt2img', { ...small, alwayson_scripts: { Refiner: { args: [] } } })).status,
    ).toBe(200);
    expect((await call('POST', '/sdapi/v1/txt2img', { ...small, script_name: 'Prompt Matrix' })).status).toBe(200);
  });

  it('an always-on script is no script_name', async () => {
    const { call } = withScripts();
    expect((await call('POST', '/sdapi/v1/txt2img', { ...small, script_name: 'refiner' })).json.detail).toBe(
      "Script 'refiner' not found",
    );
  });

  it("an empty always-on script name is the webui's AttributeError on get_script's (None, None)", async () => {
    const { call } = testMock();
    expect(await call('POST', '/sdapi/v1/txt2img', { ...small, alwayson_scripts: { '': {} } })).toMatchObject({
      status: 500,
      json: { error: 'AttributeError', detail: '', body: '', errors: "'tuple' object has no attribute 'alwayson'" },
    });
  });

  it('values Python cannot search or measure are its TypeErrors', async () => {
    const { call } = withScripts();
    expect(
      (await call('POST', '/sdapi/v1/txt2img', { ...small, alwayson_scripts: { refiner: 5 } })).json,
    ).toMatchObject({
      error: 'TypeError',
      errors: "argument of type 'int' is not iterable",
    });
    expect(
      (await call('POST', '/sdapi/v1/txt2img', { ...small, alwayson_scripts: { refiner: { args: 5 } } })).json,
    ).toMatchObject({
      error: 'TypeError',
      errors: "object of type 'int' has no len()",
    });
  });
});
