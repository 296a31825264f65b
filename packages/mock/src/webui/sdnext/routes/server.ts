import { httpException } from '../../errors/index.js';
import { pyFloat, type PyJson } from '../../python/index.js';
import { SDNEXT_RELEASE } from '../context.js';
import { noContent } from '../reply.js';
import { progressReport, statusReport } from '../state/reports.js';
import type { SdnextHandlerTable } from './handler.js';

/** GET /sdapi/v1/version: `installer.get_version()` of a git checkout of master at 058a7f0. */
const SDNEXT_VERSION: Record<string, PyJson> = Object.freeze({
  app: 'sd.next',
  updated: SDNEXT_RELEASE.updated,
  commit: SDNEXT_RELEASE.commit.slice(0, 9),
  branch: SDNEXT_RELEASE.branch,
  url: `https://github.com/vladmandic/sdnext/tree/${SDNEXT_RELEASE.branch}`,
  kanvas: 'main',
  ui: 'main',
});

/**
 * GET /sdapi/v1/platform: `installer.get_platform()` plus the package versions (`loader.get_packages`).
 * Made up for the mock (a Linux CUDA box) except `gradio` and `pydantic`, SD.Next's pins at 058a7f0.
 */
const PLATFORM: Record<string, PyJson> = Object.freeze({
  arch: 'x86_64',
  cpu: 'x86_64',
  system: 'Linux',
  release: '6.8.0-mock',
  python: '3.12.3',
  locale: ['en_US', 'UTF-8'],
  setuptools: '69.5.1',
  docker: false,
  pip: '24.0',
  uv: null,
  torch: '2.9.1+cu128',
  torchvision: '0.24.1+cu128',
  diffusers: '0.36.0.dev0',
  transformers: '4.57.1',
  tokenizers: '0.22.1',
  accelerate: '1.11.0',
  hub: '0.36.0',
  gradio: '3.43.2',
  pydantic: '2.13.4',
  numpy: '2.1.2',
  onnxruntime: null,
});

/** The mock's made-up GPU (`/gpu`, `/torch`, `/memory`). */
const GPU = Object.freeze({ gpu: 'NVIDIA GeForce RTX 4090 (mock)', vram: 24564, arch: 'Ada Lovelace', cores: 128 });
const GIB = 1024 ** 3;

export const serverHandlers: SdnextHandlerTable = {
  'GET /js': ({ request }) => {
    const file = request.query().file;
    if (typeof file !== 'string' || file === '') throw httpException(400, 'file parameter is required');
    throw httpException(403, `file ${file}: must be in one of allowed directories`);
  },
  'GET /sdapi/v1/motd': () =>
    `version <b>${SDNEXT_VERSION.commit} ${SDNEXT_VERSION.updated}</b> <span style='color: var(--primary-500)'>${SDNEXT_RELEASE.branch}</span><br>`,
  'GET /sdapi/v1/log': ({ request }) => {
    request.query();
    return [];
  },
  'POST /sdapi/v1/log': async ({ request }) => {
    await request.body();
    return noContent();
  },
  'GET /sdapi/v1/start': ({ request }) => {
    request.query();
    return {};
  },
  'GET /sdapi/v1/version': () => SDNEXT_VERSION,
  'GET /sdapi/v1/torch': () => ({ version: '2.9.1+cu128', type: 'cuda', cuda: '12.8', cudnn: 91002 }),
  'GET /sdapi/v1/platform': () => PLATFORM,
  'GET /sdapi/v1/status': ({ ctx }) => statusReport(ctx.state, ctx.now() / 1000),
  'GET /sdapi/v1/progress': ({ ctx, request }) =>
    progressReport(ctx.state, ctx.now() / 1000, request.query().skip_current_image === true),
  'GET /sdapi/v1/history': ({ ctx, request }) => {
    const id = request.query().id;
    const filter = typeof id === 'number' ? String(id) : typeof id === 'string' && id.length > 0 ? id : undefined;
    return ctx.state.entries(filter) as unknown as PyJson;
  },
  'POST /sdapi/v1/interrupt': ({ ctx }) => {
    ctx.state.interrupt();
    return noContent();
  },
  'POST /sdapi/v1/skip': ({ ctx }) => {
    ctx.state.skip();
    return noContent();
  },
  // The mock neither exits nor restarts: both answer as SD.Next does before its background task runs.
  'POST /sdapi/v1/shutdown': () => noContent(),
  'POST /sdapi/v1/restart': () => noContent(),
  'GET /sdapi/v1/memory': () => ({
    ram: { free: pyFloat(48 * GIB), used: 12 * GIB, total: pyFloat(60 * GIB) },
    cuda: {
      system: { free: 20 * GIB, used: 4 * GIB, total: 24 * GIB },
      active: { current: 3 * GIB, peak: 6 * GIB },
      allocated: { current: 3 * GIB, peak: 6 * GIB },
      reserved: { current: 4 * GIB, peak: 7 * GIB },
      inactive: { current: 0, peak: GIB },
      events: { retries: 0, oom: 0 },
    },
  }),
  // `vars(cmd_opts)`: `auth` as the server was started, in clear text, as SD.Next lists it.
  'GET /sdapi/v1/cmd-flags': ({ ctx }) => ({ ...ctx.answers.cmdFlags, auth: ctx.apiAuth }),
  'GET /sdapi/v1/gpu': () => [GPU],
  'GET /sdapi/v1/gpu-smi': () => [],
  'POST /internal/progress': async ({ ctx, request }) => {
    const body = (await request.body()) as { id_task: string | null };
    const { state } = ctx;
    // The UI's current task is none: a request without `id_task` (None == None) is the "active" one.
    const active = body.id_task === null || (body.id_task === 'undefined' && state.job.length > 0);
    const step = Math.max(state.samplingStep, 0);
    const steps = Math.max(state.samplingSteps, 1);
    const current = step > 0 ? step / steps : 0;
    const batch = state.batchNo > 0 && state.batchCount > 0 ? state.batchNo / state.batchCount : 1;
    const progress = Math.round(Math.min(1, current * batch) * 100) / 100;
    const elapsed = state.timeStart === null ? 0 : ctx.now() / 1000 - state.timeStart;
    return {
      job: state.job,
      textinfo: active ? state.textinfo : 'Waiting...',
      active,
      queued: false,
      paused: state.paused,
      completed: false,
      debug: false,
      step,
      steps,
      batch_no: Math.max(state.batchNo, 0),
      batch_count: Math.max(state.batchCount, 0),
      progress: pyFloat(progress),
      eta: progress > 0 ? pyFloat(elapsed / progress - elapsed) : null,
      live_preview: null,
      id_live_preview: 0,
    };
  },
};
