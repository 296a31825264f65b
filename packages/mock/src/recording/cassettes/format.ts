import type { PyJson } from '../../webui/python/index.js';

/**
 * A cassette file: JSON, one or more interactions. Written pretty-printed (floats kept as
 * Python writes them) so recordings diff well; base64 images longer than 1 KiB live in
 * `assets/` next to the cassette as real files and appear in the body as `"$asset:NAME"`.
 */
export interface Cassette {
  /** Where the interactions came from: a recording session, or a real capture with its URL. */
  source: string;
  interactions: Interaction[];
}

export interface Interaction {
  request: RequestMatcher;
  response: RecordedResponse;
}

/**
 * Matches a request by method, exact path, a subset of the query, and a partial body: every
 * key given must be equal (deeply) in the request; keys not given are ignored. Recording leaves
 * out volatile fields (seed -1, task ids) and large images.
 */
export interface RequestMatcher {
  method: string;
  path: string;
  query?: Record<string, string>;
  body?: PyJson;
}

export interface RecordedResponse {
  /** 2xx but 204/205, 4xx or 5xx (`isReplayableStatus`). */
  status: number;
  /** `content-type` at most: framing is computed on replay, nothing else is replayed. */
  headers: Record<string, string>;
  /** JSON body (with `$asset:` references), re-serialized the way FastAPI does on replay. */
  body?: PyJson;
  /** The exact body text, used when re-serializing would not reproduce it byte for byte. */
  bodyText?: string;
  /**
   * In memory only: the exact body bytes (a large body kept as text, or bytes that are not UTF-8).
   * Written as a `bodyAsset`; replayed as they are.
   */
  bodyBytes?: Uint8Array;
  /** In a file only: the name of the `assets/` file holding `bodyBytes` (loading reads it back into them). */
  bodyAsset?: string;
}

/** A cassette (or its folder) that cannot be loaded; the message names the file. */
export class CassetteError extends Error {
  override name = 'CassetteError';
}

export const ASSET_PREFIX = '$asset:';
