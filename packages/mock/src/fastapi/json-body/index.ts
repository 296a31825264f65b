import { setImmediate as nextTurn } from 'node:timers/promises';
import { RequestValidationError, StarletteHttpException, type ValidationIssue } from '../errors/index.js';
import { httpException } from '../../webui/errors/index.js';
import type { PyJson } from '../../webui/python/index.js';
import { scanPythonJsonAsync } from '../python-json/parse.js';
import { decodeText } from './decode.js';

/** A request body as FastAPI hands it to the model: absent, parsed JSON, or raw bytes (not JSON). */
export type RequestBody = { kind: 'absent' } | { kind: 'json'; value: PyJson } | { kind: 'bytes'; value: Uint8Array };

/** FastAPI (0.94 and 0.1xx) parses JSON when the content type is absent, `application/json` or `application/*+json`. */
function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return true;
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^application\/[^/]*\+json$/.test(mediaType);
}

/**
 * The most JSON values (strings, numbers, containers…) a request body may hold. Validation, unlike
 * the scan, runs in one turn of the event loop, and its cost grows with the count of values, not
 * with the bytes (one 40 MB prompt is one value): 100,000 values validate in a few tens of
 * milliseconds. A real request, images included, holds a few hundred; a webui has no such bound, so
 * this is the mock's, answered as its body limit is (413).
 */
export const MAX_BODY_VALUES = 100_000;

/** How long `lineAndColumn` counts newlines before it lets the event loop run. */
const SLICE_MS = 4;

/** A body `json.loads` refused: its text, the failing position and Python's message. */
export interface JsonFailure {
  text: string;
  pos: number;
  msg: string;
}

/** Turns a refused body into the 422 item of FastAPI's generation (v1: `value_error.jsondecode`, v2: `json_invalid`). */
export type InvalidJsonIssue = (failure: JsonFailure) => ValidationIssue | Promise<ValidationIssue>;

/**
 * Python's `lineno` and `colno` of a position: newlines counted natively, one search per line, a few
 * milliseconds at a time (a hostile body can be 40 MB of newlines).
 */
export async function lineAndColumn(text: string, pos: number): Promise<{ lineno: number; colno: number }> {
  let lineno = 1;
  let lineStart = 0;
  let sliceEnd = performance.now() + SLICE_MS;
  for (let newline = text.indexOf('\n'); newline !== -1 && newline < pos; newline = text.indexOf('\n', newline + 1)) {
    lineno++;
    lineStart = newline + 1;
    if ((lineno & 0xfff) === 0 && performance.now() > sliceEnd) {
      await nextTurn();
      sliceEnd = performance.now() + SLICE_MS;
    }
  }
  return { lineno, colno: pos - lineStart + 1 };
}

/**
 * Reads a request body the way FastAPI does (0.94 and 0.1xx alike), before any route dependency
 * runs: an empty body is absent; a JSON body goes through `json.loads` (so `NaN` is a float),
 * broken JSON is a 422 (`invalidJson` words it for the FastAPI generation); bytes that are not valid in the detected encoding, or
 * nesting past Python's recursion limit, are the 400 "There was an error parsing the body".
 * A large body is decoded and scanned a slice at a time, so the server keeps answering meanwhile.
 */
export async function parseJsonBody(
  bytes: Uint8Array,
  contentType: string | undefined,
  invalidJson: InvalidJsonIssue,
): Promise<RequestBody> {
  if (bytes.length === 0) return { kind: 'absent' };
  if (!isJsonContentType(contentType)) return { kind: 'bytes', value: bytes };
  let text: string;
  try {
    text = await decodeText(bytes);
  } catch {
    throw new StarletteHttpException(400, 'There was an error parsing the body');
  }
  const scan = await scanPythonJsonAsync(text, undefined, MAX_BODY_VALUES);
  if (scan.ok) return { kind: 'json', value: scan.value };
  // Answered as the mock's byte limit is, in the profile's form (the webui's envelope; Forge's, SD.Next's).
  if (scan.error === 'values') throw httpException(413, 'Payload Too Large');
  if (scan.error === 'recursion') throw new StarletteHttpException(400, 'There was an error parsing the body');
  throw new RequestValidationError([await invalidJson({ text, pos: scan.pos, msg: scan.msg })]);
}
