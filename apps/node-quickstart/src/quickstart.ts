import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createWebuiClient } from '@sdwebui/client';

export interface QuickstartOptions {
  /** The webui, started with `--api`. */
  baseUrl: string;
  /** `--api-auth` credentials, if the webui needs them. */
  auth?: string;
  /** Where to write the generated image. */
  output: string;
  log?: (line: string) => void;
}

/**
 * The steps of the webui wiki's API guide, with the SDK: generate, save the PNG (its
 * `parameters` chunk intact), read the infotext back, override settings for one request,
 * change a setting for good, list the models.
 */
export async function runQuickstart(options: QuickstartOptions): Promise<{ output: string; infotext: string }> {
  const log = options.log ?? ((line: string) => console.log(line));
  const client = createWebuiClient({ baseUrl: options.baseUrl, ...(options.auth ? { auth: options.auth } : {}) });

  // 1. txt2img {"prompt": "puppy dog", "steps": 5}, following the job's progress.
  const job = client.txt2img({ prompt: 'puppy dog', steps: 5 });
  for await (const progress of job.progress({ intervalMs: 100 })) {
    if (!progress.done && progress.step !== null) log(`   step ${progress.step}/${progress.steps}`);
  }
  const { images } = await job;
  const image = images[0];
  if (!image) throw new Error('the webui returned no image (send_images off?)');

  // 2. Save the bytes as they came: re-encoding would drop the `parameters` chunk.
  const output = resolve(options.output);
  await writeFile(output, image.bytes);
  log(`1. generated ${image.mimeType} (seed ${image.seed}) and saved it to ${output}`);

  // 3. png-info: locally from the file's bytes, and as the server reads it.
  const local = await client.readImageInfo(output);
  const server = await client.pngInfo(output);
  log(
    `2. png-info (local and server agree: ${local.infotext === server.infotext}):\n${indent(local.infotext ?? '(none)')}`,
  );

  // 4. override_settings for one request: model and CLIP skip, nothing changes globally.
  const models = await client.listModels();
  const current = (await client.getOptions()).sd_model_checkpoint;
  const other = models.find((model) => model.title !== current) ?? models[0];
  const overridden = await client.txt2img({ prompt: 'puppy dog', steps: 5 }, { model: other?.name, clipSkip: 2 });
  log(`3. one request with model ${other?.name} and CLIP skip 2:\n${indent(overridden.images[0]?.infotext ?? '')}`);

  // 5. Change the model for good: the webui accepts the title, the file name with or without
  //    extension, or the hash, and stores the title.
  if (other) await client.setOptions({ sd_model_checkpoint: other.name });
  log(`4. sd_model_checkpoint is now ${(await client.getOptions()).sd_model_checkpoint}`);

  // 6. The models the webui knows.
  log(`5. models:\n${models.map((model) => `   ${model.title}`).join('\n')}`);
  return { output, infotext: local.infotext ?? '' };
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `   ${line}`)
    .join('\n');
