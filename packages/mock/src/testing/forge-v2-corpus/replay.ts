import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import { fastapiJson } from '../../fastapi/python-json/index.js';
import { parsePythonJson } from '../../fastapi/python-json/parse.js';
import type { PyJson } from '../../webui/python/index.js';
import {
  asPythonBefore313,
  type CorpusRequest as ForkCorpusRequest,
  firstDifference,
  type Got,
  sendCorpusRequest,
  type Verdict,
} from '../fork-corpus/index.js';

/** `firstDifference` naming Forge. */
const differ = (got: string, want: string, what: string) => firstDifference(got, want, what, 'Forge');

/** What Forge answered (the part of it the corpus keeps; see README.md). */
interface Answer {
  status: number;
  headers: Record<string, string>;
  body?: PyJson;
  keys?: string[] | null;
  sha256?: string;
  parameters?: { base: string; changed: Record<string, PyJson>; removed: string[]; order?: string[] };
}

export type CorpusRequest = ForkCorpusRequest<Answer, 'parameters' | 'body' | 'keys' | 'status' | 'sha256' | 'options'>;

export interface Corpus {
  made: Record<string, PyJson>;
  baselines: Record<string, Record<string, PyJson>>;
  requests: CorpusRequest[];
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

/** The recorded answer in Python 3.10's wording (`asPythonBefore313`). */
function asPython310(answer: Answer, request: CorpusRequest): Answer {
  if (answer.body === undefined) return answer;
  return { ...answer, body: parsePythonJson(asPythonBefore313(fastapiJson(answer.body), request.body)) };
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
  if (expected.body !== undefined) return differ(canonical(got.body), canonical(expected.body), 'body');
  const body = got.body as Record<string, PyJson> | null;
  if (expected.keys !== undefined) {
    const keys = body !== null && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : null;
    const differs = differ(JSON.stringify(keys), JSON.stringify(expected.keys), 'keys');
    if (differs) return differs;
  }
  if (expected.parameters !== undefined)
    return differ(canonical(body?.parameters), canonical(echoOf(corpus, expected.parameters)), 'parameters');
  return undefined;
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
    const got = await sendCorpusRequest(app, request, auth ? CORPUS_API_AUTH : undefined);
    const why = compareAnswer(corpus, request, expected, got, ignoreOptionKeys);
    verdicts.push({ id: request.id, category: request.category, match: why === undefined, ...(why ? { why } : {}) });
  }
  return verdicts;
}
