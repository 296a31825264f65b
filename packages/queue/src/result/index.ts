import type { GeneratedImage, GenerationResult } from '@sdwebui/client';
import { QueueError } from '../errors/index.js';
import type { StoredResult } from '../job-data/index.js';
import type { ResultStore } from '../store/index.js';

/** A queued job's result: the SDK's decoded result plus the backend that made it. */
export interface QueueResult extends GenerationResult {
  /** Id of the backend that ran the job (its host:port). */
  backend: string;
}

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/** Request fields that carry images in the webui's echo: they must not reach Redis. */
const IMAGE_FIELDS = ['init_images', 'mask'];

/**
 * What a result may take in Redis: the backend's `info` and `parameters` and the image list (keys,
 * infotexts, seeds) together; a larger answer fails the job.
 */
export const MAX_METADATA_BYTES = 1024 * 1024;

/**
 * Writes the images to the store and returns what goes into Redis. Everything bound for Redis is
 * measured first: an answer over the budget fails before a single file is written.
 */
export async function saveResult(
  store: ResultStore,
  jobId: string,
  backend: string,
  result: GenerationResult,
): Promise<StoredResult> {
  const keyOf = (index: number, mimeType: string) => `${jobId}/${index}.${EXTENSIONS[mimeType] ?? 'bin'}`;
  const images = result.images.map((image, index) => ({
    key: keyOf(index, image.mimeType),
    mimeType: image.mimeType,
    infotext: image.infotext,
    seed: image.seed,
  }));
  const parameters = Object.fromEntries(
    Object.entries(result.parameters).filter(([key]) => !IMAGE_FIELDS.includes(key)),
  );
  const stored: StoredResult = { backend, images, info: result.info as unknown as Record<string, unknown>, parameters };
  // A backend's answer is untrusted: it must not be able to fill Redis, with metadata or with a long image list.
  const size = Buffer.byteLength(JSON.stringify(stored));
  if (size > MAX_METADATA_BYTES) {
    throw new QueueError(
      `${backend} answered with ${size} bytes of info, parameters and image list (limit ${MAX_METADATA_BYTES})`,
    );
  }
  for (const [index, image] of result.images.entries()) await store.put(keyOf(index, image.mimeType), image.bytes);
  return stored;
}

function toImage(
  bytes: Uint8Array,
  mimeType: string,
  infotext: string | undefined,
  seed: number | undefined,
): GeneratedImage {
  return {
    bytes,
    mimeType,
    infotext,
    seed,
    toBlob: () => new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType }),
    toDataURL: () => `data:${mimeType};base64,${Buffer.from(bytes).toString('base64')}`,
  };
}

/** Reads the images back: the same shape as the SDK's `await job`. */
export async function loadResult(store: ResultStore, stored: StoredResult): Promise<QueueResult> {
  const images = await Promise.all(
    stored.images.map(async (image) => toImage(await store.get(image.key), image.mimeType, image.infotext, image.seed)),
  );
  return {
    backend: stored.backend,
    images,
    // Only the generated images are stored; extension extras (ControlNet maps) are not kept.
    extraImages: [],
    info: stored.info as unknown as GenerationResult['info'],
    parameters: stored.parameters,
  };
}
