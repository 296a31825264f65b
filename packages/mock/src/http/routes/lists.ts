import type { PyJson } from '../../webui/python/index.js';
import type { HandlerTable } from '../../webui/handlers/index.js';

/** Answers `null` after taking the queue lock, as the webui's refresh-checkpoints/vae/embeddings do. */
const refreshUnderLock: HandlerTable[string] = async ({ ctx }) => {
  (await ctx.lock.acquire()).release();
  return null;
};

const created = (what: string) => ({
  info: `create ${what} filename: /mock/stable-diffusion-webui/${what === 'embedding' ? 'embeddings' : 'models/hypernetworks'}/mock.pt`,
});

export const listHandlers: HandlerTable = {
  'GET /sdapi/v1/samplers': ({ ctx }) => ctx.profile.samplers as unknown as PyJson,
  'GET /sdapi/v1/schedulers': ({ ctx }) => (ctx.profile.schedulers ?? []) as unknown as PyJson,
  'GET /sdapi/v1/upscalers': ({ ctx }) => ctx.catalogue.upscalers as PyJson,
  'GET /sdapi/v1/latent-upscale-modes': ({ ctx }) => ctx.catalogue.latentUpscaleModes as PyJson,
  'GET /sdapi/v1/sd-models': ({ ctx }) => ctx.catalogue.checkpoints as unknown as PyJson,
  'GET /sdapi/v1/sd-vae': ({ ctx }) => ctx.catalogue.vaes as PyJson,
  'GET /sdapi/v1/sd-modules': ({ ctx }) => ctx.catalogue.sdModules as unknown as PyJson,
  'GET /sdapi/v1/hypernetworks': ({ ctx }) => ctx.catalogue.hypernetworks as PyJson,
  'GET /sdapi/v1/face-restorers': ({ ctx }) => ctx.catalogue.faceRestorers as PyJson,
  'GET /sdapi/v1/realesrgan-models': ({ ctx }) => ctx.catalogue.realesrganModels as PyJson,
  'GET /sdapi/v1/prompt-styles': ({ ctx }) => ctx.catalogue.promptStyles as PyJson,
  'GET /sdapi/v1/embeddings': ({ ctx }) => ctx.catalogue.embeddings as PyJson,
  'GET /sdapi/v1/loras': ({ ctx }) => ctx.catalogue.loras as PyJson,
  'GET /sdapi/v1/scripts': ({ ctx }) => ctx.catalogue.scripts as PyJson,
  'GET /sdapi/v1/script-info': ({ ctx }) => ctx.catalogue.scriptInfo as PyJson,
  // Under pydantic 2 (Forge) the rows go through ExtensionItem, whose `commit_date` is an int.
  'GET /sdapi/v1/extensions': ({ ctx, request }) =>
    ctx.profile.pydantic === 2
      ? request.response(ctx.catalogue.extensions as PyJson)
      : (ctx.catalogue.extensions as PyJson),
  'GET /sdapi/v1/memory': ({ ctx }) => ctx.catalogue.memory as PyJson,
  'POST /sdapi/v1/refresh-checkpoints': refreshUnderLock,
  'POST /sdapi/v1/refresh-vae': refreshUnderLock,
  'POST /sdapi/v1/refresh-embeddings': refreshUnderLock,
  'POST /sdapi/v1/refresh-loras': () => null,
  'POST /sdapi/v1/unload-checkpoint': () => ({}),
  'POST /sdapi/v1/reload-checkpoint': () => ({}),
  'POST /sdapi/v1/create/embedding': async ({ request }) => (await request.dict(), created('embedding')),
  'POST /sdapi/v1/create/hypernetwork': async ({ request }) => (await request.dict(), created('hypernetwork')),
  'POST /sdapi/v1/train/embedding': async ({ request }) => (
    await request.dict(),
    { info: 'train embedding complete: filename: /mock/stable-diffusion-webui/embeddings/mock.pt error: None' }
  ),
  'POST /sdapi/v1/train/hypernetwork': async ({ request }) => (
    await request.dict(),
    {
      info: 'train embedding complete: filename: /mock/stable-diffusion-webui/models/hypernetworks/mock.pt error: None',
    }
  ),
  'POST /sdapi/v1/preprocess': async ({ request }) => (await request.dict(), { info: 'preprocess complete' }),
};
