import { httpException, pythonException } from '../../errors/index.js';
import { pngSize } from '../../png/index.js';
import { jpegSize } from '../../png/jpeg.js';
import { toPlain, type PyJson } from '../../python/index.js';
import type { SdnextContext } from '../context.js';
import { sdnextGenerate } from '../generation/index.js';
import { decodeSdnextImage } from '../image/decode.js';
import { encodeSdnextImage } from '../image/index.js';
import { readInfoFromImage } from '../png-info/index.js';
import { Reply } from '../reply.js';
import type { SdnextHandlerTable } from './handler.js';

/** Preprocessors the mock lists (names and default parameters as SD.Next's `control/processors.py` declares them). */
export const PREPROCESSORS: ReadonlyArray<{ name: string; group: string; params: Record<string, PyJson> }> = [
  { name: 'None', group: 'Other', params: {} },
  { name: 'OpenPose', group: 'Pose', params: { include_body: true, include_hand: false, include_face: false } },
  { name: 'Canny', group: 'Edge', params: { low_threshold: 100, high_threshold: 200 } },
  { name: 'HED', group: 'Edge', params: { scribble: false, safe: false } },
  { name: 'Depth Anything', group: 'Depth', params: { color_map: 'inferno' } },
];

/** Upscalers the mock lists (built-in SD.Next resizers; no model files). */
export const UPSCALERS = [
  'None',
  'Resize Nearest',
  'Resize Lanczos',
  'Resize Bicubic',
  'Latent Bilinear',
  'Latent Bicubic',
];

/**
 * POST /sdapi/v1/control at 058a7f0: the request is prepared (face, control units, decoded images)
 * and the job begun, then `control_run(**args)` fails. pydantic 2's deprecated `copy()` keeps the
 * `exclude=True` fields, so `xyz` reaches `control_run`, which has no such parameter (TypeError);
 * with `xyz` set, the XYZ script path builds the processing object and fails on
 * `inpaint_full_res` (AttributeError). Both escape under the queue lock after `begin('API-CTL')`,
 * so `/status` reports that job as running until the next one begins. Run under SD.Next's own code
 * (fixtures README); the mock answers the same.
 */
async function postControl(ctx: SdnextContext, params: Record<string, PyJson>): Promise<never> {
  const request = toPlain(params) as Record<string, unknown>;
  for (const unit of (params.control ?? []) as Array<Record<string, PyJson>>) {
    decodeSdnextImage(unit.override ?? unit.image ?? null);
  }
  for (const image of (params.init_control ?? []) as PyJson[]) decodeSdnextImage(image);
  if (request.mask) decodeSdnextImage(params.mask);
  using _turn = await ctx.lock.acquire();
  ctx.state.begin('API-CTL', ctx.now() / 1000);
  for (const adapter of (params.ip_adapter ?? []) as Array<Record<string, PyJson>>) {
    for (const image of (adapter.images ?? []) as PyJson[]) decodeSdnextImage(image);
  }
  if (request.xyz !== null && request.xyz !== undefined) {
    throw pythonException(
      'AttributeError',
      "'StableDiffusionProcessingControl' object has no attribute 'inpaint_full_res'",
    );
  }
  throw pythonException('TypeError', "control_run() got an unexpected keyword argument 'xyz'");
}

/** `postprocessing.run_extras` in the mock: the image back in the output format, resized by the upscaler's factor. */
async function extras(ctx: SdnextContext, value: PyJson, request: Record<string, unknown>): Promise<string> {
  const bytes = decodeSdnextImage(value) as Uint8Array;
  const upscaler = String(request.upscaler_1 ?? 'None');
  if (!UPSCALERS.some((name) => name.toLowerCase() === upscaler.toLowerCase())) {
    throw httpException(400, `Invalid upscaler, needs to be one of these: ${UPSCALERS.join(' , ')}`);
  }
  const size = pngSize(bytes) ?? jpegSize(bytes) ?? { width: 512, height: 512 };
  const factor = upscaler === 'None' ? 1 : Number(request.upscaling_resize ?? 2);
  const infotext = readInfoFromImage(bytes).info;
  return encodeSdnextImage(
    ctx,
    Math.max(1, Math.round(size.width * factor)),
    Math.max(1, Math.round(size.height * factor)),
    `extras|${bytes.length}|${infotext}`,
    infotext === '' ? null : infotext,
  );
}

export const generationHandlers: SdnextHandlerTable = {
  'POST /sdapi/v1/txt2img': async ({ ctx, request }) =>
    sdnextGenerate(ctx, 'txt2img', (await request.body()) as Record<string, PyJson>),
  'POST /sdapi/v1/img2img': async ({ ctx, request }) =>
    sdnextGenerate(ctx, 'img2img', (await request.body()) as Record<string, PyJson>),
  'POST /sdapi/v1/control': async ({ ctx, request }) =>
    postControl(ctx, (await request.body()) as Record<string, PyJson>),
  'POST /sdapi/v1/process': async ({ ctx, request }) =>
    processSingle(ctx, (await request.body()) as Record<string, PyJson>),
  'POST /sdapi/v1/extra-single-image': async ({ ctx, request }) =>
    processSingle(ctx, (await request.body()) as Record<string, PyJson>),
  'POST /sdapi/v1/process-batch': async ({ ctx, request }) =>
    processBatch(ctx, (await request.body()) as Record<string, PyJson>),
  'POST /sdapi/v1/extra-batch-images': async ({ ctx, request }) =>
    processBatch(ctx, (await request.body()) as Record<string, PyJson>),
  'POST /sdapi/v1/preprocess': async ({ ctx, request }) => {
    const body = (await request.body()) as Record<string, PyJson>;
    const processor = PREPROCESSORS.find((item) => item.name === body.model);
    if (processor === undefined)
      return new Reply(400, { error: `Processor model not found: id=${String(body.model)}` });
    const bytes = decodeSdnextImage(body.image) as Uint8Array;
    const size = pngSize(bytes) ?? jpegSize(bytes) ?? { width: 512, height: 512 };
    return {
      model: processor.name,
      image: await encodeSdnextImage(
        ctx,
        size.width,
        size.height,
        `preprocess|${processor.name}|${bytes.length}`,
        null,
      ),
    };
  },
  'POST /sdapi/v1/mask': async ({ request }) => {
    await request.body();
    return new Reply(400, { error: 'Mask model not found: id=None' });
  },
  'POST /sdapi/v1/detect': async ({ request }) => {
    const body = (await request.body()) as Record<string, PyJson>;
    decodeSdnextImage(body.image);
    return { classes: [], labels: [], boxes: [], images: [], scores: [] };
  },
  'POST /sdapi/v1/detail': async ({ ctx, request }) => {
    const body = (await request.body()) as Record<string, PyJson>;
    if (ctx.models.loaded === null) return new Reply(400, { error: 'no base model selected' });
    if (decodeSdnextImage(body.image) === null) return new Reply(400, { error: 'invalid image' });
    return new Reply(500, { error: 'detailer produced no result' });
  },
  'POST /sdapi/v1/prompt-enhance': async ({ request }) => {
    const body = (await request.body()) as Record<string, PyJson>;
    if (body.type !== 'text' && body.type !== 'image' && body.type !== 'video') {
      throw httpException(400, 'prompt enhancement: invalid type');
    }
    const seed = typeof body.seed === 'number' && body.seed >= 0 ? body.seed : 1234;
    return { prompt: `${String(body.prompt)}, highly detailed, sharp focus`, seed };
  },
};

async function processSingle(ctx: SdnextContext, body: Record<string, PyJson>): Promise<PyJson> {
  return { html_info: '', image: await extras(ctx, body.image ?? null, toPlain(body) as Record<string, unknown>) };
}

async function processBatch(ctx: SdnextContext, body: Record<string, PyJson>): Promise<PyJson> {
  const images: string[] = [];
  for (const item of (body.imageList ?? []) as Array<Record<string, PyJson>>) {
    images.push(await extras(ctx, item.data ?? null, toPlain(body) as Record<string, unknown>));
  }
  return { html_info: '', images };
}
