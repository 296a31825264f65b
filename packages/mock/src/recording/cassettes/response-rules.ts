import { CassetteError, type RecordedResponse } from './format.js';

/**
 * The one response header a cassette carries. Framing (`content-length`, `transfer-encoding`) is
 * computed from the replayed body, and what steers a client elsewhere or keeps state in it
 * (`location`, `set-cookie`) has no place in an offline replay: the recorder writes only this.
 */
const CASSETTE_HEADERS = new Set(['content-type']);

/** Longest header value kept: a media type with its parameters is far shorter. */
const MAX_HEADER_VALUE = 256;
/** What a header value may hold: visible ASCII, spaces and tabs (no line breaks, no NUL). */
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

/**
 * Statuses a cassette may replay: 2xx but 204 and 205 (they carry no body, a cassette always has
 * one) and 4xx/5xx. Not 1xx (`101` would announce a protocol switch that never happens) nor 3xx (a
 * redirect needs the `location` a cassette does not carry).
 */
export function isReplayableStatus(status: unknown): status is number {
  return (
    typeof status === 'number' &&
    Number.isInteger(status) &&
    ((status >= 200 && status <= 299 && status !== 204 && status !== 205) || (status >= 400 && status <= 599))
  );
}

/** Why a header cannot be in a cassette, or undefined when it can. */
export function headerProblem(name: string, value: unknown): string | undefined {
  if (!CASSETTE_HEADERS.has(name.toLowerCase()))
    return `header "${name.slice(0, 64)}" is not replayed (a cassette may carry only ${[...CASSETTE_HEADERS].join(', ')}; framing is computed)`;
  if (typeof value !== 'string' || value.length > MAX_HEADER_VALUE || !HEADER_VALUE.test(value))
    return `header "${name}" must be a string of at most ${MAX_HEADER_VALUE} visible ASCII characters`;
  return undefined;
}

/**
 * Checks a loaded response against what a cassette may replay and gives its headers with lower-case
 * names. Throws a `CassetteError` that starts with `where` (the file and the interaction).
 */
export function checkedResponse(response: RecordedResponse, where: string): RecordedResponse {
  const fail = (why: string): never => {
    throw new CassetteError(`${where}: ${why}`);
  };
  if (!isReplayableStatus(response.status))
    fail(`status ${JSON.stringify(response.status)} is not replayed (2xx but 204/205, 4xx and 5xx only)`);
  const headers = response.headers ?? {};
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers))
    fail('response.headers must be an object');
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const problem = headerProblem(name, value);
    if (problem !== undefined) fail(problem);
    if (name.toLowerCase() in lower) fail(`header "${name}" is given twice`);
    lower[name.toLowerCase()] = value;
  }
  if ('bodyBytes' in response) fail('bodyBytes is not a file field (a file names its body file with bodyAsset)');
  const bodies = ['body', 'bodyText', 'bodyAsset'].filter(
    (key) => response[key as keyof RecordedResponse] !== undefined,
  );
  if (bodies.length > 1) fail(`a response has one of body, bodyText and bodyAsset, not ${bodies.join(' and ')}`);
  if (response.bodyText !== undefined && typeof response.bodyText !== 'string') fail('bodyText must be a string');
  return { ...response, headers: lower };
}
