/**
 * The SDK's contract subset every runtime runs: typed calls, a generation with progress and a
 * cancel, a decoded image (its bytes the same on every runtime), typed errors, png-info and the
 * infotext read locally. Plain ECMAScript and `fetch`, nothing of Node's: the same module runs
 * on Node, Bun, Deno, in a workerd Worker and in a Chromium page.
 */
import type * as Sdk from '@sdwebui/client';

/** One check's outcome. */
export interface CheckResult {
  name: string;
  ok: boolean;
  /** Why it failed (or what it saw, when it passed and something is worth showing). */
  detail?: string;
}

/** What the subset needs to know about the mock it talks to. */
export interface SubsetTarget {
  /** The mock's base URL (it runs with `stepMs` small and `apiAuth` set to `auth`). */
  baseUrl: string;
  /** `user:password` the mock was started with. */
  auth: string;
  /** sha256 (hex) of the first image of `REFERENCE_REQUEST`, as the reference runtime decoded it. */
  referenceDigest: string;
}

/** A fixed request whose image must be the same bytes wherever the mock and the SDK run. */
export const REFERENCE_REQUEST = { prompt: 'a lighthouse at dusk', seed: 1234, steps: 3, width: 64, height: 48 };

/** The SDK's entry as the runtime resolved it (its `node`, `bun`, `deno`, `workerd` or `browser` build). */
export type SdkModule = Pick<typeof Sdk, 'createWebuiClient' | 'AuthError' | 'ValidationError' | 'AbortError'>;

/** Hex sha256 through Web Crypto, which every runtime in the matrix has. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function check(name: string, run: () => Promise<string | undefined>): Promise<CheckResult> {
  try {
    const detail = await run();
    return detail === undefined ? { name, ok: true } : { name, ok: true, detail };
  } catch (error) {
    return { name, ok: false, detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

function expect(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** The name of the error a promise rejects with, or `resolved`. */
function outcome(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof Error ? error.constructor.name : typeof error),
  );
}

/** Runs every check against the mock; never throws (a failure is a result). */
export async function runSubset(sdk: SdkModule, target: SubsetTarget): Promise<CheckResult[]> {
  const client = sdk.createWebuiClient({ baseUrl: target.baseUrl, auth: target.auth });
  const results: CheckResult[] = [];
  results.push(
    await check('typed calls', async () => {
      const samplers = await client.samplers();
      expect(
        samplers.some((sampler) => sampler.name === 'Euler a'),
        'no "Euler a" among the samplers',
      );
      const options = await client.getOptions();
      expect(typeof options.sd_model_checkpoint === 'string', 'options.sd_model_checkpoint is not a string');
      const models = await client.listModels();
      expect(models.length > 0, 'no models listed');
      return `${samplers.length} samplers, ${models.length} models`;
    }),
  );
  let image: Sdk.GeneratedImage | undefined;
  results.push(
    await check('generation with progress', async () => {
      const job = client.txt2img({ prompt: 'matrix puppy', steps: 8, width: 32, height: 32 });
      const reports: Sdk.JobProgress[] = [];
      for await (const report of job.progress({ intervalMs: 20 })) reports.push(report);
      const result = await job;
      const steps = reports.flatMap((report) => (report.step ? [report.step] : []));
      expect(
        steps.every((step, index) => step >= 1 && step <= 8 && step >= (steps[index - 1] ?? 0)),
        `steps out of order: ${steps}`,
      );
      expect(reports.at(-1)?.done === true && reports.at(-1)?.progress === 1, 'the last report is not done at 1');
      expect(result.images.length === 1, `${result.images.length} images`);
      return `${reports.length} reports`;
    }),
  );
  results.push(
    await check('decoded image, same bytes everywhere', async () => {
      const result = await client.txt2img(REFERENCE_REQUEST);
      image = result.images[0];
      expect(image !== undefined, 'no image');
      expect(image.mimeType === 'image/png', `mime type ${image.mimeType}`);
      expect(image.toDataURL().startsWith('data:image/png;base64,iVBORw0K'), 'the data URL is not a PNG');
      expect((await image.toBlob().arrayBuffer()).byteLength === image.bytes.length, 'the Blob has other bytes');
      const digest = await sha256Hex(image.bytes);
      expect(
        digest === target.referenceDigest,
        `${image.bytes.length} bytes, sha256 ${digest.slice(0, 12)}…, not the reference ${target.referenceDigest.slice(0, 12)}…`,
      );
      return `${image.bytes.length} bytes, sha256 ${digest.slice(0, 12)}…`;
    }),
  );
  results.push(
    await check('png-info and infotext', async () => {
      expect(image !== undefined, 'no image from the check before');
      expect(image.infotext?.startsWith(`${REFERENCE_REQUEST.prompt}\nSteps: 3, `) === true, 'infotext');
      const local = await client.readImageInfo(image.bytes);
      expect(local.infotext === image.infotext, 'the PNG chunk differs from info.infotexts');
      expect(local.parameters?.prompt === REFERENCE_REQUEST.prompt, 'local parse: prompt');
      expect(local.parameters?.seed === REFERENCE_REQUEST.seed, 'local parse: seed');
      const remote = await client.pngInfo(image.bytes);
      expect(remote.infotext === image.infotext, '/png-info answered another infotext');
      expect(remote.parameters?.steps === REFERENCE_REQUEST.steps, '/png-info parse: steps');
      return undefined;
    }),
  );
  results.push(
    await check('cancel', async () => {
      const long = client.txt2img({ prompt: 'long', steps: 5000, width: 32, height: 32 });
      let started = false;
      for await (const report of long.progress({ intervalMs: 20 })) {
        if (report.step) {
          started = true;
          break;
        }
      }
      expect(started, 'the long job reported no step');
      await long.cancel();
      const ended = await outcome(long.result);
      expect(ended === sdk.AbortError.name, `the cancelled job ended with ${ended}`);
      return undefined;
    }),
  );
  results.push(
    await check('typed errors', async () => {
      const unauthorized = await outcome(sdk.createWebuiClient({ baseUrl: target.baseUrl }).samplers());
      expect(unauthorized === sdk.AuthError.name, `no credentials: ${unauthorized}`);
      const invalid = await outcome(client.txt2img({ prompt: 'x', steps: 'many' as unknown as number }).result);
      expect(invalid === sdk.ValidationError.name, `steps "many": ${invalid}`);
      return undefined;
    }),
  );
  return results;
}
