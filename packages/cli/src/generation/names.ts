import { parseADetailerFlag, parseControlNetFlag } from './extensions.js';
import type { GenerationFlags } from './request.js';

/**
 * The names a person typed in generation flags, keyed `<nameKind>:<name>` as the SDK's name check
 * reports an unknown one, so its error line names the flag (`--model "deliberate" is not a
 * checkpoint…`). The names themselves are checked by the SDK before anything is generated: one
 * check, the same for names from `--set` and `--body`.
 */
export function typedNames(flags: GenerationFlags & { upscaler?: string }): Map<string, string> {
  const typed = new Map<string, string>();
  const add = (kind: string, name: string | undefined, flag: string) => {
    if (name !== undefined) typed.set(`${kind}:${name}`, flag);
  };
  add('model', flags.model, '--model');
  add('vae', flags.vae, '--vae');
  add('sampler', flags.sampler, '--sampler');
  add('scheduler', flags.scheduler, '--scheduler');
  add('hires-upscaler', flags.hiresUpscaler, '--hires-upscaler');
  add('upscaler', flags.upscaler, '--upscaler');
  for (const unit of (flags.controlnet ?? []).map(parseControlNetFlag)) {
    add('controlnet-module', unit.module, '--controlnet module');
    add('controlnet-model', unit.model, '--controlnet model');
  }
  for (const detector of (flags.adetailer ?? []).map(parseADetailerFlag))
    add('adetailer-model', detector, '--adetailer');
  return typed;
}
