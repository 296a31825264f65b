import { pythonException } from '../../errors/index.js';
import type { PyJson } from '../../python/index.js';
import type { WebuiContext } from '../../generation/context.js';
import type { GenerationKind } from '../../generation/request.js';
import { scriptsOf } from '../catalogue.js';
import { scriptArgs } from './args.js';
import type { JobOutput, ProcessImages } from './job.js';
import { runPromptMatrix } from './prompt-matrix.js';
import { runPromptsFromFile } from './prompts-from-file.js';
import { runXyz } from './xyz.js';

export type { JobOutput, ProcessImages } from './job.js';

/** Output pixels one scripted request may make in all its jobs (each job is also checked alone). */
const MAX_SCRIPT_PIXELS = 256 * 1024 * 1024;

/** Refuses, as a GPU out of memory, the job that takes a script's output past MAX_SCRIPT_PIXELS. */
function withinBudget(process: ProcessImages): ProcessImages {
  let pixels = 0;
  return async (params) => {
    const output = await process(params);
    pixels += output.plan.outWidth * output.plan.outHeight * Math.max(1, output.images.length);
    if (pixels > MAX_SCRIPT_PIXELS)
      throw pythonException('OutOfMemoryError', 'CUDA out of memory (mock webui limit: script output too large)');
    return output;
  };
}

/**
 * Runs the request's selectable script (`script_name`, already checked), or the plain job.
 * X/Y/Z plot, Prompt matrix and Prompts from file or textbox make what the webui makes;
 * SD upscale returns the job at `Scale Factor` times the size; Loopback runs `Loops` jobs;
 * the other img2img scripts (and ControlNet's m2m) return the plain job.
 */
export async function runSelectableScript(
  ctx: WebuiContext,
  kind: GenerationKind,
  params: Record<string, PyJson>,
  process: ProcessImages,
): Promise<JobOutput> {
  const name = typeof params.script_name === 'string' ? params.script_name.toLowerCase() : '';
  const script = scriptsOf(ctx.profile.id, ctx.extensions.installed, kind).find(
    (item) => !item.alwayson && item.title.toLowerCase() === name,
  );
  if (script === undefined) return process(params);
  const args = scriptArgs(script.args, params.script_args as unknown[] | null);
  process = withinBudget(process);
  switch (name) {
    case 'x/y/z plot':
      return runXyz(ctx, kind, params, args, process);
    case 'prompt matrix':
      return runPromptMatrix(params, args, process);
    case 'prompts from file or textbox':
      return runPromptsFromFile(params, args, process);
    case 'sd upscale': {
      const factor = Math.min(4, Math.max(1, Number(args[3]) || 2));
      return process({
        ...params,
        width: Math.round(Number(params.width ?? 512) * factor),
        height: Math.round(Number(params.height ?? 512) * factor),
      });
    }
    case 'loopback': {
      const loops = Math.min(32, Math.max(1, Math.trunc(Number(args[0]) || 1)));
      const jobs: JobOutput[] = [];
      for (let loop = 0; loop < loops; loop++) jobs.push(await process(params));
      const first = jobs[0] as JobOutput;
      return {
        ...first,
        images: jobs.flatMap((job) => job.images),
        infotexts: jobs.flatMap((job) => job.infotexts),
        info: { ...first.info, infotexts: jobs.flatMap((job) => job.infotexts) },
      };
    }
    default:
      return process(params);
  }
}
