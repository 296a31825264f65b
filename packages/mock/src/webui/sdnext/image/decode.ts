import { Base64DecodeError, pythonB64decode, pythonB64decodeYielding } from '../../../fastapi/base64/index.js';
import { httpException, pythonException } from '../../errors/index.js';
import { pythonTypeName } from '../../generation/image-input.js';
import type { PyJson } from '../../python/index.js';
import { pilOpens } from '../../png/pil-open.js';

/**
 * SD.Next's `helpers.decode_base64_to_image` (no URLs, unlike A1111): `None` stays `None`; an
 * `upload:<id>` reference is looked up in the upload store, which the mock does not have (400
 * `Upload reference not found`); a `data:image/…;…,` prefix is cut off (leniently: without the comma
 * the text after the semicolon is taken); the rest goes through Python's non-strict `b64decode` and
 * must open as an image, else 500 `Invalid encoded image`. A value that is not a string fails on
 * `.startswith` (AttributeError).
 */
export function decodeSdnextImage(value: PyJson | undefined): Uint8Array | null {
  const encoding = encodingOf(value);
  return encoding === null ? null : opened(() => pythonB64decode(encoding));
}

/** `decodeSdnextImage` for inputs that may be tens of megabytes (init images): the base64 is decoded in turns. */
export async function decodeSdnextImageYielding(value: PyJson | undefined): Promise<Uint8Array | null> {
  const encoding = encodingOf(value);
  if (encoding === null) return null;
  let bytes: Uint8Array;
  try {
    bytes = await pythonB64decodeYielding(encoding);
  } catch (error) {
    throw invalid(error);
  }
  return opened(() => bytes);
}

/** The base64 text of an image input, after the upload and data-URL handling. */
function encodingOf(value: PyJson | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' && value.startsWith('upload:')) {
    throw httpException(400, `Upload reference not found: ${value}`);
  }
  if (typeof value !== 'string') {
    throw pythonException('AttributeError', `'${pythonTypeName(value)}' object has no attribute 'startswith'`);
  }
  if (!value.startsWith('data:image/')) return value;
  const semicolon = value.indexOf(';');
  if (semicolon < 0) return value;
  const rest = value.slice(semicolon + 1);
  const comma = rest.indexOf(',');
  return comma >= 0 ? rest.slice(comma + 1) : rest;
}

const invalid = (error: unknown) =>
  error instanceof Base64DecodeError ? httpException(500, 'Invalid encoded image') : error;

/** Bytes that do not open as an image (`Image.open`) are "Invalid encoded image". */
function opened(decode: () => Uint8Array): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = decode();
  } catch (error) {
    throw invalid(error);
  }
  if (!pilOpens(bytes)) throw httpException(500, 'Invalid encoded image');
  return bytes;
}
