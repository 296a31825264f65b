import type { PyJson } from '../../python/index.js';
import type { WebuiContext } from '../../generation/context.js';
import type { GenerationKind } from '../../generation/request.js';
import { pythonException } from '../../errors/index.js';
import { pythonTypeName } from '../../generation/image-input.js';
import { SD_UPSCALE_CHOICES, scriptsOf } from '../catalogue.js';
import { scriptArgs } from './args.js';
import type { JobOutput, ScriptJobs } from './job.js';
import { runPromptMatrix } from './prompt-matrix.js';
import { runPromptsFromFile } from './prompts-from-file.js';
import { runXyz } from './xyz.js';

export { gridSize, type JobOutput, type ScriptJobs } from './job.js';

/** `shared.sd_upscalers[upscaler_index]`: SD upscale's upscaler radio is `type="index"`, so a label raises. */
function upscalerAt(index: unknown): string {
  if (typeof index !== 'number' || !Number.isInteger(index))
    throw pythonException(
      'TypeError',
      `list indices must be integers or slices, not ${pythonTypeName(index as PyJson)}`,
    );
  const name = SD_UPSCALE_CHOICES.at(index);
  if (name === undefined || index < -SD_UPSCALE_CHOICES.length)
    throw pythonException('IndexError', 'list index out of range');
  return name;
}

/** The selectable script `params` runs (`script_name`, case-insensitive), if any. */
function selectableScript(ctx: WebuiContext, kind: GenerationKind, params: Record<string, PyJson>) {
  const name = typeof params.script_name === 'string' ? params.script_name.toLowerCase() : '';
  if (name === '') return undefined;
  return scriptsOf(ctx.profile.id, ctx.extensions.installed, kind).find(
    (item) => !item.alwayson && item.title.toLowerCase() === name,
  );
}

/** Whether the request runs a selectable script: its jobs are then reserved by the script, each before any runs. */
export function runsScript(ctx: WebuiContext, kind: GenerationKind, params: Record<string, PyJson>): boolean {
  return selectableScript(ctx, kind, params) !== undefined;
}

/**
 * Runs the request's selectable script (`script_name`, already checked), or the plain job
 * (reserved by the caller). X/Y/Z plot, Prompt matrix and Prompts from file or textbox make
 * what the webui makes; SD upscale returns the job at `Scale Factor` times the size; Loopback
 * runs `Loops` jobs; the other img2img scripts (and ControlNet's m2m) return the plain job.
 * Each script reserves all its jobs before it runs the first.
 */
export async function runSelectableScript(
  ctx: WebuiContext,
  kind: GenerationKind,
  params: Record<string, PyJson>,
  jobs: ScriptJobs,
): Promise<JobOutput> {
  const script = selectableScript(ctx, kind, params);
  if (script === undefined) return jobs.process(params);
  const args = scriptArgs(script.args, params.script_args as unknown[] | null);
  switch (script.title.toLowerCase()) {
    case 'x/y/z plot':
      return runXyz(ctx, kind, params, args, jobs);
    case 'prompt matrix':
      return runPromptMatrix(params, args, jobs);
    case 'prompts from file or textbox':
      return runPromptsFromFile(params, args, jobs);
    case 'sd upscale': {
      upscalerAt(args[2]);
      const factor = Math.min(4, Math.max(1, Number(args[3]) || 2));
      const upscaled = {
        ...params,
        width: Math.round(Number(params.width ?? 512) * factor),
        height: Math.round(Number(params.height ?? 512) * factor),
      };
      jobs.reserve(upscaled);
      return jobs.process(upscaled);
    }
    case 'loopback': {
      const loops = Math.min(32, Math.max(1, Math.trunc(Number(args[0]) || 1)));
      for (let loop = 0; loop < loops; loop++) jobs.reserve(params);
      const outputs: JobOutput[] = [];
      for (let loop = 0; loop < loops; loop++) outputs.push(await jobs.process(params));
      const first = outputs[0] as JobOutput;
      return {
        ...first,
        images: outputs.flatMap((job) => job.images),
        infotexts: outputs.flatMap((job) => job.infotexts),
        info: { ...first.info, infotexts: outputs.flatMap((job) => job.infotexts) },
      };
    }
    default:
      jobs.reserve(params);
      return jobs.process(params);
  }
}
