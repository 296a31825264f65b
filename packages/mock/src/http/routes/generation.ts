import { generate } from '../../webui/generation/index.js';
import { decodeImageInput, imageUrlPolicy, loadImage } from '../../webui/generation/image-input.js';
import { GENERATION_LIMITS, ResponseBudget, checkExtrasBudget } from '../../webui/generation/budget.js';
import { pngInfo } from '../../webui/generation/png-info.js';
import { httpException, pythonException } from '../../webui/errors/index.js';
import { pyFloat, pythonStr, toPlain, type PyJson } from '../../webui/python/index.js';
import type { HandlerEnv, HandlerTable } from '../../webui/handlers/index.js';
import { parseInfotext, readPngParameters } from '@sdwebui/infotext';
import { MAX_PNG_SIDE, pngSize, renderPng, sniffImage } from '../../webui/png/index.js';

type Extras = {
  resize_mode: number;
  upscaling_resize: number;
  upscaling_resize_w: number;
  upscaling_resize_h: number;
  upscaler_1: string;
  upscaler_2: string;
  extras_upscaler_2_visibility: number;
};

/** The size extras makes of `source`: scaled by `upscaling_resize`, or the size asked for (`resize_mode` 1). */
function outputSize(source: Uint8Array, request: Extras): { width: number; height: number } {
  if (request.resize_mode === 1) return { width: request.upscaling_resize_w, height: request.upscaling_resize_h };
  const size = pngSize(source) ?? { width: 512, height: 512 };
  return {
    width: Math.round(size.width * request.upscaling_resize),
    height: Math.round(size.height * request.upscaling_resize),
  };
}

/** One upscaled image: the source's size scaled (or the requested size), with `postprocessing` text. */
async function upscale(
  { ctx }: HandlerEnv,
  source: Uint8Array,
  request: Extras,
): Promise<{ image: string; html: string }> {
  // `image_data.convert("RGB")` loads the pixels before any upscaler is looked up.
  await loadImage(source);
  const upscalers = (ctx.catalogue.upscalers as Array<{ name: string }>).map((item) => item.name);
  for (const name of [request.upscaler_1, request.upscaler_2]) {
    if (name && !upscalers.includes(name)) throw pythonException('Exception', `could not find upscaler named ${name}`);
  }
  const { width, height } = outputSize(source, request);
  if (width * height > GENERATION_LIMITS.maxPixels || width > MAX_PNG_SIDE || height > MAX_PNG_SIDE)
    throw pythonException('OutOfMemoryError', 'CUDA out of memory (mock webui limit)');
  const parts = [
    `Postprocess upscale by: ${pythonStr(pyFloat(request.upscaling_resize))}`,
    `Postprocess upscaler: ${request.upscaler_1}`,
  ];
  if (request.upscaler_2 && request.upscaler_2 !== 'None') parts.push(`Postprocess upscaler 2: ${request.upscaler_2}`);
  const postprocessing = parts.join(', ');
  const parameters = sniffImage(source) === 'png' ? readPngParameters(source) : undefined;
  const text: Record<string, string> = { ...(parameters !== undefined ? { parameters } : {}), postprocessing };
  const image = Buffer.from(
    await renderPng(
      Math.max(1, width),
      Math.max(1, height),
      `${Buffer.from(source.subarray(0, 64)).toString('hex')}|upscale`,
      text,
    ),
  ).toString('base64');
  return { image, html: `<p>${postprocessing}</p>` };
}

export const generationHandlers: HandlerTable = {
  'POST /sdapi/v1/txt2img': async ({ ctx, request }) =>
    generate(ctx, 'txt2img', (await request.body()) as Record<string, PyJson>),

  'POST /sdapi/v1/img2img': async ({ ctx, request }) =>
    generate(ctx, 'img2img', (await request.body()) as Record<string, PyJson>),

  'POST /sdapi/v1/png-info': async (env) => {
    const body = toPlain(await env.request.body()) as { image: string };
    // `decode_base64_to_image(req.image.strip())`
    const image = body.image.replace(/^[\s\x1c-\x1f]+|[\s\x1c-\x1f]+$/g, '');
    return pngInfo(env.ctx, decodeImageInput(image, imageUrlPolicy(env.ctx.options)));
  },

  'POST /sdapi/v1/extra-single-image': async (env) => {
    const body = toPlain(await env.request.body()) as Extras & { image: string };
    const source = decodeImageInput(body.image, imageUrlPolicy(env.ctx.options));
    using _turn = await env.ctx.lock.acquire();
    const { image, html } = await upscale(env, source, body);
    return { html_info: html, image };
  },

  'POST /sdapi/v1/extra-batch-images': async (env) => {
    const body = toPlain(await env.request.body()) as Extras & { imageList: Array<{ data: string }> };
    const sources = body.imageList.map((item) => decodeImageInput(item.data, imageUrlPolicy(env.ctx.options)));
    checkExtrasBudget(sources.map((source) => outputSize(source, body)));
    using _turn = await env.ctx.lock.acquire();
    const budget = new ResponseBudget();
    const results: Array<{ image: string; html: string }> = [];
    for (const source of sources) {
      const result = await upscale(env, source, body);
      budget.spend(result.image.length + result.html.length, 'images');
      results.push(result);
    }
    return { html_info: results[0]?.html ?? '', images: results.map((result) => result.image) };
  },

  'POST /sdapi/v1/interrogate': async (env) => {
    // `image` and `model` are plain `str` fields: null is a 422, so the webui's "Image not found" cannot happen.
    const body = toPlain(await env.request.body()) as { image: string; model: string };
    // `img.convert('RGB')` right after decoding, before the lock and the model check.
    const bytes = await loadImage(decodeImageInput(body.image, imageUrlPolicy(env.ctx.options)));
    const model = body.model;
    if (model !== 'clip' && model !== 'deepdanbooru') throw httpException(404, 'Model not found');
    using _turn = await env.ctx.lock.acquire();
    const prompt = sniffImage(bytes) === 'png' ? readPngParameters(bytes) : undefined;
    const subject =
      prompt === undefined ? 'a colorful gradient' : parseInfotext(prompt).prompt || 'a colorful gradient';
    const caption =
      model === 'clip'
        ? `a picture of ${subject}`
        : subject
            .split(/[\s,]+/)
            .filter(Boolean)
            .join(', ');
    return { caption };
  },
};
