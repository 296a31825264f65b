import { readImageParameters } from '@sdwebui/infotext';
import { decodeStandardBase64, encodeBase64 } from './base64.js';
import { imageTypeOf } from './magic.js';

/** One image the webui returned, decoded, with its metadata. */
export interface GeneratedImage {
  /** The file bytes exactly as the server encoded them (PNG unless `samples_format` says otherwise; SD.Next: JPEG by default). */
  bytes: Uint8Array;
  mimeType: string;
  /** The infotext for this image: `info.infotexts[i]`, else the PNG's `parameters` chunk or the JPEG's EXIF UserComment. */
  infotext: string | undefined;
  /** This image's seed (`info.all_seeds[i]`). */
  seed: number | undefined;
  /** The bytes as a `Blob` of the image's type (for `URL.createObjectURL`, uploads). */
  toBlob(): Blob;
  /** The bytes as a `data:` URL (for an `<img src>`). */
  toDataURL(): string;
}

/** An image field of an answer, decoded; undefined when it is not a base64 string (see `decodeStandardBase64`). */
export function decodeImage(
  base64: unknown,
  infotext: string | undefined,
  seed: number | undefined,
): GeneratedImage | undefined {
  const bytes = typeof base64 === 'string' ? decodeStandardBase64(base64) : undefined;
  if (bytes === undefined) return undefined;
  const mimeType = imageTypeOf(bytes) ?? 'application/octet-stream';
  let text = infotext;
  if (text === undefined && (mimeType === 'image/png' || mimeType === 'image/jpeg')) {
    try {
      text = readImageParameters(bytes);
    } catch {
      text = undefined;
    }
  }
  return {
    bytes,
    mimeType,
    infotext: text,
    seed,
    toBlob: () => new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType }),
    toDataURL: () => `data:${mimeType};base64,${encodeBase64(bytes)}`,
  };
}
