import { readImageParameters } from '@sdwebui/infotext';
import { AbortError, type Fork, type JobProgress, type WebuiClient } from '@sdwebui/client';

export interface CheckContext {
  client: WebuiClient;
  /** Whether checks that generate images or change settings may run (always on the mock). */
  writes: boolean;
  /** The fork `detect()` must report, when the subject's is known (always on the mock). */
  fork?: Fork;
}

/** `true`: supported; `false`: this webui lacks it (not a failure); throws: broken. */
export type Check = (context: CheckContext) => Promise<boolean>;

const assert = (condition: unknown, message: string): void => {
  if (!condition) throw new Error(message);
};

/** SDK features, each checked end to end. Order matters: `detect` first adapts the client. */
export const CHECKS: Array<{ name: string; writes: boolean; check: Check }> = [
  {
    name: 'detect()',
    writes: false,
    check: async ({ client, fork }) => {
      const profile = await client.detect();
      assert(profile.routes.includes('POST /sdapi/v1/txt2img'), 'no txt2img route in /openapi.json');
      assert(fork === undefined || profile.fork === fork, `detect() says fork ${profile.fork}, expected ${fork}`);
      return true;
    },
  },
  { name: 'listModels()', writes: false, check: async ({ client }) => (await client.listModels()).length > 0 },
  { name: 'samplers()', writes: false, check: async ({ client }) => (await client.samplers()).length > 0 },
  { name: 'schedulers() (1.9+)', writes: false, check: async ({ client }) => (await client.schedulers()).length > 0 },
  {
    name: 'getOptions()',
    writes: false,
    check: async ({ client }) => typeof (await client.getOptions()).sd_model_checkpoint === 'string',
  },
  {
    name: 'loras(), embeddings(), memory()',
    writes: false,
    check: async ({ client }) =>
      (await Promise.all([client.loras(), client.embeddings(), client.memory()])).length === 3,
  },
  {
    name: 'per-task progress (force_task_id, 1.8+)',
    writes: false,
    check: async ({ client }) => (await client.detect()).features.taskIds,
  },
  {
    // The webui's default format: PNG with a parameters chunk; SD.Next's: JPEG with the infotext in EXIF.
    name: 'txt2img + decoded image with infotext (PNG; SD.Next: JPEG)',
    writes: true,
    check: async ({ client, fork }) => {
      const { images, info } = await client.txt2img({ prompt: 'contract test', steps: 2, width: 64, height: 64 });
      const image = images[0];
      const expected = fork === 'sdnext' ? 'image/jpeg' : 'image/png';
      if (image?.mimeType !== expected) throw new Error(`expected ${expected}, got ${image?.mimeType}`);
      assert(
        readImageParameters(image.bytes) === info.infotexts[0],
        "the image's infotext (parameters chunk, EXIF UserComment) differs from info.infotexts[0]",
      );
      return true;
    },
  },
  {
    name: 'job.progress() to completion',
    writes: true,
    check: async ({ client }) => {
      const job = client.txt2img({ prompt: 'progress', steps: 8, width: 64, height: 64 });
      let last: JobProgress | undefined;
      for await (const report of job.progress({ intervalMs: 50 })) last = report;
      assert(last?.done === true, 'progress did not end with done');
      return true;
    },
  },
  {
    name: 'job.cancel() interrupts on the server',
    writes: true,
    check: async ({ client }) => {
      // Without task ids the running job is interrupted, whoever sent it: only SD.Next, whose progress
      // names the running job, and the task-id releases are checked.
      const { features } = await client.detect();
      if (!features.taskIds && features.fork !== 'sdnext') return false;
      const job = client.txt2img({ prompt: 'cancel me', steps: 150, width: 64, height: 64 });
      for await (const report of job.progress({ intervalMs: 50 })) if (report.step) break;
      await job.cancel();
      const outcome = await job.result.then(
        () => 'finished',
        (error: unknown) => (error instanceof AbortError ? 'aborted' : String(error)),
      );
      assert(outcome === 'aborted', `expected AbortError, got ${outcome}`);
      return true;
    },
  },
  {
    name: 'pngInfo() on the server',
    writes: true,
    check: async ({ client }) => {
      const { images } = await client.txt2img({ prompt: 'png info', steps: 1, width: 64, height: 64 });
      const info = await client.pngInfo(images[0]?.bytes as Uint8Array);
      assert(info.parameters?.prompt === 'png info', `png-info returned ${JSON.stringify(info.infotext)}`);
      return true;
    },
  },
  {
    name: 'setOptions() round trip',
    writes: true,
    check: async ({ client }) => {
      const before = (await client.getOptions()).jpeg_quality;
      await client.setOptions({ jpeg_quality: 81 });
      const after = (await client.getOptions()).jpeg_quality;
      await client.setOptions({ jpeg_quality: before });
      assert(after === 81, `jpeg_quality read back as ${String(after)}`);
      return true;
    },
  },
];
