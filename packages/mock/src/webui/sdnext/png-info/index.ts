import { readPngText } from '@sdwebui/infotext';
import type { PyJson } from '../../python/index.js';
import { readExifUserComment } from '../../png/exif.js';
import { sniffImage } from '../../png/index.js';
import { pngBeforeIdat } from '../../png/pil-open.js';
import { parseSdnextInfotext } from './parse.js';

const DECODINGS = ['utf-16-be', 'utf-8', 'utf-16le', 'latin1'] as const;

/**
 * `metadata.safe_decode_string`: strips the `UNICODE`/`ASCII` prefix and one NUL, then decodes as
 * UTF-16LE (only when every other byte of the first 20 is zero), UTF-16BE, UTF-8, …, removes
 * characters `\x00`–`\x09` and the outer whitespace; empty is null.
 */
export function safeDecodeString(raw: Uint8Array): string | null {
  let bytes = raw;
  for (const prefix of ['UNICODE', 'ASCII', '\0']) {
    if (Buffer.from(bytes.subarray(0, prefix.length)).toString('latin1') === prefix)
      bytes = bytes.subarray(prefix.length);
  }
  const looksLittleEndian =
    bytes.length >= 2 &&
    bytes.length % 2 === 0 &&
    bytes.subarray(1, Math.min(bytes.length, 20)).every((b, i) => i % 2 === 1 || b === 0);
  for (const encoding of looksLittleEndian ? ['utf-16le', ...DECODINGS] : DECODINGS) {
    if ((encoding === 'utf-16-be' || encoding === 'utf-16le') && bytes.length % 2 !== 0) continue;
    let text: string;
    try {
      text =
        encoding === 'utf-16-be'
          ? new TextDecoder('utf-16le', { fatal: true }).decode(Buffer.from(bytes).swap16())
          : new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {
      continue;
    }
    const cleaned = text.replace(/[\x00-\x09]/g, '').trim();
    return cleaned.length === 0 ? null : cleaned;
  }
  return null;
}

/**
 * `metadata.read_info_from_image` on an image `Image.open` gave (pixels not loaded): a PNG's text
 * chunks before IDAT, a JPEG's EXIF UserComment. The infotext comes from `parameters` (or
 * `UserComment`), and the items keep it under `parameters`; the JFIF/EXIF bookkeeping keys are
 * removed. ComfyUI, InvokeAI, NovelAI and XMP metadata are not read by the mock.
 */
export function readInfoFromImage(bytes: Uint8Array): { info: string; items: Record<string, PyJson> } {
  const items = new Map<string, PyJson>();
  let info = '';
  const format = sniffImage(bytes);
  if (format === 'png') {
    for (const entry of readPngText(pngBeforeIdat(bytes)))
      if (!items.has(entry.keyword)) items.set(entry.keyword, entry.text);
    // `items.pop('parameters', None) or items.pop('UserComment', None) or ''`
    const parameters = items.get('parameters');
    items.delete('parameters');
    if (typeof parameters === 'string' && parameters !== '') info = parameters;
    else {
      const comment = items.get('UserComment');
      items.delete('UserComment');
      if (typeof comment === 'string') info = comment;
    }
  } else if (format === 'jpeg') {
    const comment = readExifUserComment(bytes);
    const value = comment === undefined ? null : safeDecodeString(comment);
    if (value !== null) {
      info = value;
      items.set('parameters', value);
    }
  }
  if (info !== '' && !items.has('parameters')) items.set('parameters', info);
  return { info, items: Object.fromEntries(items) };
}

/** POST /sdapi/v1/png-info for a decoded image: `{info, items, parameters}`. */
export function pngInfoReply(bytes: Uint8Array): Record<string, PyJson> {
  const { info, items } = readInfoFromImage(bytes);
  return { info, items, parameters: parseSdnextInfotext(info) };
}
