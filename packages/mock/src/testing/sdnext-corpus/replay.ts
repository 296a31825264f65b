import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import { fastapiJson } from '../../fastapi/python-json/index.js';
import { parsePythonJson } from '../../fastapi/python-json/parse.js';
import { PyFloat, type PyJson } from '../../webui/python/index.js';
import {
  asPythonBefore313,
  type CorpusRequest as ForkCorpusRequest,
  firstDifference,
  type Got,
  sendCorpusRequest,
  type Verdict,
} from '../fork-corpus/index.js';

/** `firstDifference` naming SD.Next. */
const differ = (got: string, want: string, what: string) => firstDifference(got, want, what, 'SD.Next');

/** What SD.Next's code answered (the part the corpus keeps; see README.md). */
interface Answer {
  status: number;
  headers: Record<string, string>;
  /** Whether the answer carried `X-Process-Time`. */
  timed: boolean;
  body?: PyJson;
  keys?: string[] | null;
  sha256?: string;
  shape?: string[][] | null;
  parameters?: { base: string; changed: Record<string, PyJson>; removed: string[]; order?: string[] };
}

type CorpusRequest = ForkCorpusRequest<Answer>;

type CorpusEntry = CorpusRequest | { id: string; category: 'clock'; clock: number };

export interface Corpus {
  made: Record<string, PyJson>;
  baselines: Record<string, Record<string, PyJson>>;
  requests: CorpusEntry[];
}

/** Credentials of the corpus's run with `--auth`. */
export const CORPUS_AUTH = 'user:pass';

/** The limiter's frozen clock at the start of the run, in ms (the harness's `CLOCK`). */
export const CORPUS_CLOCK_START = 1_800_000_000_000;

export function loadSdnextCorpus(): Corpus {
  return parsePythonJson(readFileSync(new URL('./fixtures/corpus.json', import.meta.url), 'utf8')) as unknown as Corpus;
}

/** `/vqa/models` lists each model's capabilities from a Python set: their order changes per process. */
function sortedCapabilities(value: PyJson | undefined): PyJson | undefined {
  if (!Array.isArray(value)) return value;
  return value.map((item) => {
    const row = item as Record<string, PyJson>;
    return Array.isArray(row?.capabilities)
      ? { ...row, capabilities: [...(row.capabilities as string[])].sort() }
      : item;
  });
}

function echoOf(corpus: Corpus, stored: NonNullable<Answer['parameters']>): Record<string, PyJson> {
  const params: Record<string, PyJson> = {};
  for (const [key, value] of Object.entries(corpus.baselines[stored.base] ?? {})) {
    if (!stored.removed.includes(key)) params[key] = value;
  }
  Object.assign(params, stored.changed);
  return stored.order ? Object.fromEntries(stored.order.map((key) => [key, params[key] as PyJson])) : params;
}

/** Keys whose values are random or depend on the run (see README.md): left out of `volatile` answers. */
const VOLATILE = new Set(['id', 'timestamp', 'total', 'uptime', 'elapsed', 'eta', 'eta_relative', 'job_timestamp']);

function withoutVolatile(value: PyJson): PyJson {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof PyFloat) return value;
  const out: Record<string, PyJson> = {};
  for (const [key, item] of Object.entries(value)) if (!VOLATILE.has(key)) out[key] = withoutVolatile(item as PyJson);
  return out;
}

/** The mock's answer as the corpus kept SD.Next's (`compare`). */
function comparable(request: CorpusRequest, body: PyJson): PyJson {
  if (request.compare === 'volatile') return withoutVolatile(body);
  if (request.compare === 'options' && body !== null && typeof body === 'object' && !Array.isArray(body)) {
    // The harness has no checkpoints; the mock selects its first one.
    const { sd_model_checkpoint: _selected, ...rest } = body as Record<string, PyJson>;
    return rest;
  }
  return body;
}

function compareAnswer(corpus: Corpus, request: CorpusRequest, expected: Answer, got: Got): string | undefined {
  if (got.status !== expected.status)
    return `status ${got.status}, SD.Next ${expected.status}: ${got.text.slice(0, 300)}`;
  for (const name of ['content-type', 'www-authenticate', 'retry-after']) {
    if ((got.headers.get(name) ?? undefined) !== expected.headers[name])
      return `${name} ${got.headers.get(name)}, SD.Next ${expected.headers[name]}`;
  }
  const allow = (value: string | null | undefined) => value?.split(', ').sort().join(', ');
  if (allow(got.headers.get('allow')) !== allow(expected.headers.allow))
    return `allow ${got.headers.get('allow')}, SD.Next ${expected.headers.allow}`;
  if (got.headers.has('x-process-time') !== expected.timed)
    return `X-Process-Time ${got.headers.has('x-process-time') ? 'sent' : 'missing'}`;
  const location = expected.headers.location;
  if (
    location !== undefined &&
    got.headers.get('location')?.replace(/^https?:\/\/[^/]+/, '') !== new URL(location).pathname
  ) {
    return `location ${got.headers.get('location')}, SD.Next ${location}`;
  }
  if (expected.sha256 !== undefined) return got.sha256 === expected.sha256 ? undefined : 'body bytes differ';
  if (expected.body !== undefined) {
    const normalise = (value: PyJson | undefined) =>
      request.path === '/sdapi/v1/vqa/models' ? sortedCapabilities(value) : value;
    const want = asPythonBefore313(
      typeof expected.body === 'string' ? JSON.stringify(expected.body) : fastapiJson(normalise(expected.body) ?? null),
      request.body,
    );
    const mine =
      typeof expected.body === 'string'
        ? JSON.stringify(got.text)
        : fastapiJson(normalise(comparable(request, got.body)) ?? null);
    return differ(mine, want, 'body');
  }
  const body = got.body as Record<string, PyJson> | PyJson[] | null;
  if (expected.keys !== undefined) {
    const keys = body !== null && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : null;
    const differs = differ(JSON.stringify(keys), JSON.stringify(expected.keys), 'keys');
    if (differs) return differs;
  }
  if (expected.shape !== undefined) {
    const shapes = Array.isArray(body)
      ? [...new Set(body.map((item) => JSON.stringify(Object.keys(item as object))))].sort()
      : null;
    const want = expected.shape === null ? null : expected.shape.map((keys) => JSON.stringify(keys)).sort();
    return differ(JSON.stringify(shapes), JSON.stringify(want), 'entry keys');
  }
  if (expected.parameters !== undefined) {
    const echoed = (body as Record<string, PyJson> | null)?.parameters;
    return differ(fastapiJson(echoed ?? null), fastapiJson(echoOf(corpus, expected.parameters)), 'parameters');
  }
  return undefined;
}

/**
 * Replays the corpus in order against an in-process app whose clock is `clock` (the requests change
 * state: options, the limiter's windows, the job history) and judges each answer.
 */
export async function replaySdnextCorpus(
  corpus: Corpus,
  app: Hono,
  clock: { ms: number },
  auth: boolean,
): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  for (const entry of corpus.requests) {
    if ('clock' in entry) {
      clock.ms += entry.clock * 1000;
      continue;
    }
    const expected = auth ? (entry.answerWithAuth ?? entry.answer) : entry.answer;
    const why = compareAnswer(
      corpus,
      entry,
      expected,
      await sendCorpusRequest(app, entry, auth ? CORPUS_AUTH : undefined),
    );
    verdicts.push({ id: entry.id, category: entry.category, match: why === undefined, ...(why ? { why } : {}) });
  }
  return verdicts;
}
