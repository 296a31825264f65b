import { readFileSync } from 'node:fs';
import { parsePythonJson } from '../../fastapi/python-json/parse.js';
import type { PyJson } from '../../webui/python/index.js';
import type { SdnextAnswers } from '../../webui/sdnext/context.js';

const dataDir = new URL('../../../data/', import.meta.url);

function read(file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(new URL(file, dataDir)));
  } catch (error) {
    throw new Error(`the mock's bundled ${file} is missing; run the package build (pnpm build)`, { cause: error });
  }
}

/** SD.Next's own `/openapi.json` document (the capture `spec/captures/sdnext-058a7f0.openapi.json`), as bytes. */
export function readSdnextDocument(): Uint8Array {
  return read('specs/sdnext.document.json');
}

let answers: SdnextAnswers | undefined;

/**
 * The answers of SD.Next's real API code the mock serves as they are (`fixtures/sdnext-058a7f0`),
 * parsed once per process as Python reads JSON (floats stay floats). Callers copy what they change.
 */
export function sdnextAnswers(): SdnextAnswers {
  if (answers) return answers;
  const file = parsePythonJson(new TextDecoder().decode(read('sdnext/answers.json'))) as Record<string, PyJson>;
  const body = (key: string) => (file[key] as { body: PyJson }).body;
  const classes = { ...(file.schedulerClasses as Record<string, string>) };
  delete classes.$comment;
  answers = {
    options: body('GET /sdapi/v1/options') as Record<string, PyJson>,
    optionsInfo: body('GET /sdapi/v1/options-info'),
    cmdFlags: body('GET /sdapi/v1/cmd-flags') as Record<string, PyJson>,
    samplers: body('GET /sdapi/v1/samplers'),
    schedulers: body('GET /sdapi/v1/schedulers') as unknown as SdnextAnswers['schedulers'],
    vqaModels: body('GET /sdapi/v1/vqa/models'),
    vqaPrompts: body('GET /sdapi/v1/vqa/prompts') as Record<string, PyJson>,
    taggerModels: body('GET /sdapi/v1/tagger/models'),
    openapiError: body('GET /openapi.json'),
    schedulerClasses: classes,
  };
  return answers;
}
