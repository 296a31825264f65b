import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import { fastapiJson } from '../../fastapi/python-json/index.js';
import { parsePythonJson } from '../../fastapi/python-json/parse.js';
import type { PyJson } from '../../webui/python/index.js';

/** What Forge answered (the part of it the corpus keeps; see README.md). */
interface Answer {
  status: number;
  headers: Record<string, string>;
  body?: PyJson;
  keys?: string[] | null;
  sha256?: string;
  parameters?: { base: string; changed: Record<string, PyJson>; removed: string[]; order?: string[] };
}

export interface CorpusRequest {
  id: string;
  category: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  body_base64?: string;
  compare: 'parameters' | 'body' | 'keys' | 'status' | 'sha256' | 'options';
  explicit_auth?: boolean;
  answer: Answer;
  answerWithAuth?: Answer;
}

export interface Corpus {
  made: Record<string, PyJson>;
  baselines: Record<string, Record<string, PyJson>>;
  requests: CorpusRequest[];
}

export interface Verdict {
  id: string;
  category: string;
  match: boolean;
  /** What differed, for a person reading a failure. */
  why?: string;
}

/** Credentials of the corpus's run with `--api-auth`. */
export const CORPUS_API_AUTH = 'user:pass';

/** The corpus, parsed as Python's `json` reads it (floats stay floats). */
export function loadCorpus(): Corpus {
  const text = readFileSync(new URL('./fixtures/corpus.json', import.meta.url), 'utf8');
  return parsePythonJson(text) as unknown as Corpus;
}

/** Python's json.dumps of a value after `json.loads`. */
function canonical(value: PyJson | undefined): string {
  return fastapiJson(value ?? null);
}

/**
 * What Forge's Python (3.10) says where the harness's (3.13) words it differently, the only
 * adjustments made to the recorded answers: 3.13's json names the value in its out-of-range
 * message (`…: nan`), and reports a trailing comma at the comma (`Illegal trailing comma before
 * end of object`) where 3.10 reports what it expected at the next token.
 */
function asPython310(answer: Answer, request: CorpusRequest): Answer {
  if (answer.body === undefined) return answer;
  let text = fastapiJson(answer.body).replace(
    /(Out of range float values are not JSON compliant): -?(?:nan|inf)/g,
    '$1',
  );
  text = text.replace(
    /"loc":\["body",(\d+)\],"msg":"JSON decode error","input":\{\},"ctx":\{"error":"Illegal trailing comma before end of (object|array)"\}/g,
    (_match, pos: string, kind: string) => {
      const next = (request.body ?? '').slice(Number(pos) + 1).search(/\S/) + Number(pos) + 1;
      const expected = kind === 'object' ? 'Expecting property name enclosed in double quotes' : 'Expecting value';
      return `"loc":["body",${next}],"msg":"JSON decode error","input":{},"ctx":{"error":"${expected}"}`;
    },
  );
  return { ...answer, body: parsePythonJson(text) };
}

/** The `parameters` echo the corpus stores as a change from a baseline echo. */
function echoOf(corpus: Corpus, stored: NonNullable<Answer['parameters']>): Record<string, PyJson> {
  const base = corpus.baselines[stored.base] ?? {};
  const params: Record<string, PyJson> = {};
  for (const [key, value] of Object.entries(base)) if (!stored.removed.includes(key)) params[key] = value;
  Object.assign(params, stored.changed);
  if (!stored.order) return params;
  return Object.fromEntries(stored.order.map((key) => [key, params[key] as PyJson]));
}

const HEADERS = ['content-type', 'www-authenticate'];

/** Starlette joins a plain route's methods (a Python set) in an order that changes per process. */
const methods = (allow: string | null | undefined) => allow?.split(', ').sort().join(', ');

/**
 * Options only the mock holds: those of the extensions it emulates (the harness loads none), left out
 * of `opts.data`-shaped answers before they are compared.
 */
function withoutKeys(body: PyJson, keys: ReadonlySet<string>, nested: boolean): PyJson {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || keys.size === 0) return body;
  const dict = body as Record<string, PyJson>;
  if (nested) return { ...dict, body: withoutKeys(dict.body ?? null, keys, false) };
  return Object.fromEntries(Object.entries(dict).filter(([key]) => !keys.has(key)));
}

function compareAnswer(
  corpus: Corpus,
  request: CorpusRequest,
  expected: Answer,
  got: Got,
  ignoreOptionKeys: ReadonlySet<string>,
): string | undefined {
  if (got.status !== expected.status) return `status ${got.status}, Forge ${expected.status}`;
  for (const name of HEADERS) {
    const want = expected.headers[name];
    if ((got.headers.get(name) ?? undefined) !== want) return `${name} ${got.headers.get(name)}, Forge ${want}`;
  }
  if (methods(got.headers.get('allow')) !== methods(expected.headers.allow))
    return `allow ${got.headers.get('allow')}, Forge ${expected.headers.allow}`;
  if (request.compare === 'options')
    got = { ...got, body: withoutKeys(got.body, ignoreOptionKeys, got.status !== 200) };
  const location = expected.headers.location;
  if (
    location !== undefined &&
    got.headers.get('location')?.replace(/^https?:\/\/[^/]+/, '') !==
      new URL(location).pathname + new URL(location).search
  )
    return `location ${got.headers.get('location')}, Forge ${location}`;
  if (got.headers.has('x-process-time')) return 'X-Process-Time sent; Forge sends none';
  if (expected.sha256 !== undefined) return got.sha256 === expected.sha256 ? undefined : 'body bytes differ';
  if (expected.body !== undefined) return same(canonical(got.body), canonical(expected.body), 'body');
  const body = got.body as Record<string, PyJson> | null;
  if (expected.keys !== undefined) {
    const keys = body !== null && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : null;
    const differs = same(JSON.stringify(keys), JSON.stringify(expected.keys), 'keys');
    if (differs) return differs;
  }
  if (expected.parameters !== undefined)
    return same(canonical(body?.parameters), canonical(echoOf(corpus, expected.parameters)), 'parameters');
  return undefined;
}

function same(got: string, want: string, what: string): string | undefined {
  if (got === want) return undefined;
  let at = 0;
  while (at < got.length && got[at] === want[at]) at++;
  const from = Math.max(0, at - 60);
  return `${what} differ at ${at}: mock …${got.slice(from, at + 80)}… Forge …${want.slice(from, at + 80)}…`;
}

interface Got {
  status: number;
  headers: Headers;
  body: PyJson;
  sha256: string;
}

/** Sends one corpus request to an in-process app, as the harness sent it to Forge's. */
async function send(app: Hono, request: CorpusRequest, auth: boolean): Promise<Got> {
  const headers: Record<string, string> = { ...request.headers };
  if (auth && !request.explicit_auth)
    headers.authorization ??= `Basic ${Buffer.from(CORPUS_API_AUTH).toString('base64')}`;
  const body =
    request.body !== undefined
      ? new TextEncoder().encode(request.body)
      : request.body_base64 !== undefined
        ? new Uint8Array(Buffer.from(request.body_base64, 'base64'))
        : undefined;
  const response = await app.request(`http://testserver${request.path}`, {
    method: request.method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  let parsed: PyJson;
  try {
    parsed = parsePythonJson(text);
  } catch {
    parsed = { $text: text };
  }
  return {
    status: response.status,
    headers: response.headers,
    body: parsed,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/**
 * Replays the corpus in order (options requests change state) and judges each answer;
 * `ignoreOptionKeys`: options of the mock's emulated extensions, which Forge's harness lacks.
 */
export async function replayCorpus(
  corpus: Corpus,
  app: Hono,
  auth: boolean,
  ignoreOptionKeys: ReadonlySet<string> = new Set(),
): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  for (const request of corpus.requests) {
    const expected = asPython310(auth ? (request.answerWithAuth ?? request.answer) : request.answer, request);
    const got = await send(app, request, auth);
    const why = compareAnswer(corpus, request, expected, got, ignoreOptionKeys);
    verdicts.push({ id: request.id, category: request.category, match: why === undefined, ...(why ? { why } : {}) });
  }
  return verdicts;
}

/** Matches per category: `{ category: [matched, total] }`, plus `all`. */
export function matchRates(verdicts: readonly Verdict[]): Record<string, [number, number]> {
  const rates: Record<string, [number, number]> = {};
  for (const { category, match } of verdicts) {
    for (const key of [category, 'all']) {
      const entry = (rates[key] ??= [0, 0]);
      entry[1]++;
      if (match) entry[0]++;
    }
  }
  return rates;
}
