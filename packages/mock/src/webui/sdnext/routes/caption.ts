import { createHash } from 'node:crypto';
import { httpException } from '../../errors/index.js';
import { pyFloat, type PyJson } from '../../python/index.js';
import { decodeSdnextImage } from '../image/decode.js';
import type { SdnextHandlerTable } from './handler.js';

/** OpenCLIP models the mock lists (`arch/pretrained`). */
const OPENCLIP_MODELS = ['ViT-L-14/openai', 'ViT-H-14/laion2b_s32b_b79k', 'ViT-bigG-14/laion2b_s39b_b160k'];

/** Made-up words the mock "sees", picked by a hash of the image: same image, same caption. */
const SUBJECTS = ['a cat', 'a mountain lake', 'a city street at night', 'a bowl of fruit', 'a portrait of a woman'];
const TAGS = ['1girl', 'solo', 'outdoors', 'sky', 'cloud', 'tree', 'smile', 'long_hair', 'day', 'scenery'];

/** `validate_image`: an empty image is 404 `Image not found`; else it must decode (500 `Invalid encoded image`). */
function subjectOf(image: PyJson | undefined): number {
  if (typeof image !== 'string' || image === '') throw httpException(404, 'Image not found');
  const bytes = decodeSdnextImage(image) as Uint8Array;
  return createHash('sha256').update(bytes).digest()[0] as number;
}

function openclip(body: Record<string, PyJson>): Record<string, PyJson> {
  const seed = subjectOf(body.image);
  if (!OPENCLIP_MODELS.includes(String(body.model))) throw httpException(404, 'Model not found');
  const caption = `${SUBJECTS[seed % SUBJECTS.length]}, highly detailed`;
  const analyzed = body.analyze === true;
  return {
    caption,
    medium: analyzed ? 'a digital painting' : null,
    artist: analyzed ? 'by mock artist' : null,
    movement: analyzed ? 'digital art' : null,
    trending: analyzed ? 'trending on artstation' : null,
    flavor: analyzed ? 'highly detailed' : null,
  };
}

function tagger(body: Record<string, PyJson>): { tags: string; scores: PyJson } {
  const seed = subjectOf(body.image);
  const count = Math.min(Number(body.max_tags ?? 74), 4 + (seed % 5));
  const picked = TAGS.slice(0, count).map((tag) => (body.use_spaces === true ? tag.replaceAll('_', ' ') : tag));
  const tags = (body.sort_alpha === true ? [...picked].sort() : picked).join(', ');
  const scores =
    body.show_scores === true
      ? Object.fromEntries(picked.map((tag, i) => [tag, pyFloat(Math.round((0.95 - i * 0.05) * 100) / 100)]))
      : null;
  return { tags, scores };
}

function vlm(body: Record<string, PyJson>): { answer: string; annotated_image: null } {
  const seed = subjectOf(body.image);
  const question = String(body.question ?? '');
  return {
    answer: `The image shows ${SUBJECTS[seed % SUBJECTS.length]}. (mock answer to "${question}")`,
    annotated_image: null,
  };
}

const DISPATCH_FIELDS = [
  'caption',
  'medium',
  'artist',
  'movement',
  'trending',
  'flavor',
  'tags',
  'scores',
  'answer',
  'annotated_image',
];

/**
 * The caption routes (`modules/api/caption.py`). Requests are validated and checked as SD.Next does
 * (404 `Image not found`, 404 `Model not found`, bad base64), but no model runs: captions, tags and
 * answers are made up from a hash of the image.
 */
export const captionHandlers: SdnextHandlerTable = {
  'GET /sdapi/v1/openclip': () => OPENCLIP_MODELS,
  'POST /sdapi/v1/openclip': async ({ request }) => openclip((await request.body()) as Record<string, PyJson>),
  'POST /sdapi/v1/tagger': async ({ request }) => tagger((await request.body()) as Record<string, PyJson>),
  'POST /sdapi/v1/vqa': async ({ request }) => vlm((await request.body()) as Record<string, PyJson>),
  'POST /sdapi/v1/analyze': async ({ request }) => vlm((await request.body()) as Record<string, PyJson>),
  'POST /sdapi/v1/caption': async ({ request }) => {
    const body = (await request.body()) as Record<string, PyJson>;
    const backend = String(body.backend);
    const result = backend === 'openclip' ? openclip(body) : backend === 'tagger' ? tagger(body) : vlm(body);
    const reply: Record<string, PyJson> = { backend };
    for (const field of DISPATCH_FIELDS) reply[field] = (result as Record<string, PyJson>)[field] ?? null;
    return reply;
  },
  'GET /sdapi/v1/vqa/models': ({ ctx }) => ctx.answers.vqaModels,
  'GET /sdapi/v1/vqa/prompts': ({ ctx, request }) => {
    const model = request.query().model;
    const prompts = ctx.answers.vqaPrompts;
    const empty = { common: null, florence: null, promptgen: null, moondream: null, moondream2_only: null };
    // Without a model: the categories as the harness answered (the response model drops `toriigate`).
    if (typeof model !== 'string' || model === '') return prompts;
    const known = (ctx.answers.vqaModels as Array<{ name: string; prompts: PyJson }>).find(
      (item) => item.name === model,
    );
    return { ...empty, available: known?.prompts ?? prompts.common ?? [] };
  },
  'GET /sdapi/v1/tagger/models': ({ ctx }) => ctx.answers.taggerModels,
};
