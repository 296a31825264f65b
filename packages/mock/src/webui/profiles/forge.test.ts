import { describe, expect, it } from 'vitest';
import { testMock } from '../../testing/test-mock.js';

// EXTENSIONS.md §3: how Forge 2 differs from the A1111 1.10 it is built on.
describe('profile forge-2', () => {
  const { call, webui } = testMock({ profile: 'forge-2' });
  const a1111 = testMock({ profile: 'a1111-1.10' });
  const small = { prompt: 'p', steps: 2, width: 64, height: 64 };

  it("reports Forge's version string everywhere the webui does", async () => {
    const sysinfo = await call('GET', '/internal/sysinfo');
    expect(JSON.parse(sysinfo.text).Version).toBe('f2.0.1v1.10.1-previous-669-gdfdcbab6');
    const made = await call('POST', '/sdapi/v1/txt2img', small);
    const info = JSON.parse(made.json.info);
    expect(info.version).toBe('f2.0.1v1.10.1-previous-669-gdfdcbab6');
    expect(info.infotexts[0]).toContain('Version: f2.0.1v1.10.1-previous-669-gdfdcbab6');
  });

  it('serves /sdapi/v1/sd-modules instead of sd-vae, and has no training routes', async () => {
    const modules = await call('GET', '/sdapi/v1/sd-modules');
    expect(modules.status).toBe(200);
    expect(modules.json.map((item: { model_name: string }) => item.model_name)).toContain('ae.safetensors');
    for (const [method, path] of [
      ['GET', '/sdapi/v1/sd-vae'],
      ['POST', '/sdapi/v1/train/embedding'],
      ['POST', '/sdapi/v1/train/hypernetwork'],
    ] as const) {
      const reply = await call(method, path, method === 'POST' ? {} : undefined);
      expect([path, reply.status, reply.json]).toEqual([path, 404, { detail: 'Not Found' }]);
    }
    expect((await a1111.call('GET', '/sdapi/v1/sd-modules')).status).toBe(404);
  });

  it("lists Forge's added samplers and schedulers", async () => {
    const samplers = (await call('GET', '/sdapi/v1/samplers')).json.map((item: { name: string }) => item.name);
    expect(samplers).toEqual(expect.arrayContaining(['Euler', 'HeunPP2', 'IPNDM', 'IPNDM_V', 'DEIS', 'DDPM']));
    const schedulers = (await call('GET', '/sdapi/v1/schedulers')).json.map((item: { label: string }) => item.label);
    expect(schedulers.slice(-4)).toEqual([
      'Turbo',
      'Align Your Steps GITS',
      'Align Your Steps 11',
      'Align Your Steps 32',
    ]);
    const made = await call('POST', '/sdapi/v1/txt2img', { ...small, sampler_name: 'DEIS' });
    expect(JSON.parse(made.json.info).sampler_name).toBe('DEIS');
  });

  it("answers HTTPExceptions with FastAPI's {detail} and other errors with Forge's {message} body", async () => {
    const script = await call('POST', '/sdapi/v1/txt2img', { ...small, script_name: 'foo' });
    expect([script.status, script.json]).toEqual([422, { detail: "Script 'foo' not found" }]);
    const init = await call('POST', '/sdapi/v1/img2img', { prompt: 'p' });
    expect([init.status, init.json]).toEqual([404, { detail: 'Init image not found' }]);
    const option = await call('POST', '/sdapi/v1/options', { no_such_option: 1 });
    expect(option.status).toBe(500);
    expect(option.json).toEqual({ error: 'KeyError', detail: '', body: '', message: expect.any(String) });
    expect(option.headers.get('x-process-time')).toBeNull();
    const old = await a1111.call('POST', '/sdapi/v1/txt2img', { ...small, script_name: 'foo' });
    expect(old.json).toEqual({ error: 'HTTPException', detail: "Script 'foo' not found", body: '', errors: '' });
    expect(old.headers.get('x-process-time')).toMatch(/^\d+\.\d{1,4}$/);
  });

  it('answers a 401 with WWW-Authenticate: Basic', async () => {
    const guarded = testMock({ profile: 'forge-2', apiAuth: 'user:pass' });
    const reply = await guarded.call('GET', '/sdapi/v1/sd-models');
    expect([reply.status, reply.json]).toEqual([401, { detail: 'Not authenticated' }]);
    expect(reply.headers.get('www-authenticate')).toBe('Basic');
    const wrong = await guarded.call('GET', '/sdapi/v1/sd-models', undefined, {
      authorization: `Basic ${Buffer.from('user:nope').toString('base64')}`,
    });
    expect([wrong.status, wrong.json]).toEqual([401, { detail: 'Incorrect username or password' }]);
  });

  it("accepts Forge's request fields and writes them to the infotext as Forge does", async () => {
    const plain = await call('POST', '/sdapi/v1/txt2img', { ...small, distilled_cfg_scale: 2.5 });
    // Forge's API model takes its defaults from the processing base class: `denoising_strength` is None.
    expect(plain.json.parameters).toMatchObject({ distilled_cfg_scale: 2.5, hr_cfg: 1, denoising_strength: null });
    const plainInfo = JSON.parse(plain.json.info);
    expect(plainInfo.denoising_strength).toBeNull();
    expect(plainInfo.infotexts[0]).not.toContain('Denoising strength');
    // Not a distilled-CFG (Flux-dev) model: no `Distilled CFG Scale`.
    expect(plainInfo.infotexts[0]).not.toContain('Distilled CFG Scale');

    const hires = { ...small, enable_hr: true, hr_scale: 1.5, hr_cfg: 5 };
    const same = await call('POST', '/sdapi/v1/txt2img', { ...hires, hr_additional_modules: ['Use same choices'] });
    expect(JSON.parse(same.json.info).infotexts[0]).toMatch(
      /Hires upscaler: Latent, Hires CFG Scale: 5\.0, Hires Module 1: Use same choices, Version: /,
    );
    const builtIn = await call('POST', '/sdapi/v1/txt2img', { ...hires, hr_additional_modules: [] });
    expect(JSON.parse(builtIn.json.info).infotexts[0]).toContain('Hires CFG Scale: 5.0, Hires Module 1: Built-in');
    const listed = await call('POST', '/sdapi/v1/txt2img', {
      ...hires,
      hr_additional_modules: ['/models/VAE/ae.safetensors', 'clip_l.safetensors'],
    });
    expect(JSON.parse(listed.json.info).infotexts[0]).toContain('Hires Module 1: ae, Hires Module 2: clip_l');

    const old = await a1111.call('POST', '/sdapi/v1/txt2img', { ...hires, hr_additional_modules: [] });
    expect(JSON.parse(old.json.info).infotexts[0]).not.toContain('Hires CFG Scale');
  });

  it('fails hires fix without hr_additional_modules as Forge does (500 TypeError)', async () => {
    const reply = await call('POST', '/sdapi/v1/txt2img', { ...small, enable_hr: true });
    expect([reply.status, reply.json]).toEqual([
      500,
      { error: 'TypeError', detail: '', body: '', message: "argument of type 'NoneType' is not iterable" },
    ]);
    const old = await a1111.call('POST', '/sdapi/v1/txt2img', { ...small, enable_hr: true });
    expect(old.status).toBe(200);
  });

  it('writes the forge_* options after Version', async () => {
    const set = await call('POST', '/sdapi/v1/options', {
      forge_unet_storage_dtype: 'bnb-nf4 (fp16 LoRA)',
      forge_additional_modules: ['/mock/models/VAE/ae.safetensors', '/mock/models/text_encoder/t5xxl_fp16.safetensors'],
    });
    expect(set.status).toBe(200);
    try {
      const made = await call('POST', '/sdapi/v1/txt2img', small);
      expect(JSON.parse(made.json.info).infotexts[0]).toMatch(
        /Version: f2\.0\.1v1\.10\.1-previous-669-gdfdcbab6, Diffusion in Low Bits: bnb-nf4 \(fp16 LoRA\), Module 1: ae, Module 2: t5xxl_fp16$/,
      );
    } finally {
      await call('POST', '/sdapi/v1/options', { forge_unet_storage_dtype: 'Automatic', forge_additional_modules: [] });
    }
    expect(webui.options.get('forge_unet_storage_dtype')).toBe('Automatic');
  });
});
