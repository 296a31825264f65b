import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Hono } from 'hono';
import { expect } from 'vitest';
import { fastapiJson } from '../../fastapi/python-json/index.js';
import { parsePythonJson } from '../../fastapi/python-json/parse.js';
import type { PyJson } from '../../webui/python/index.js';

/**
 * What the corpora of the forks' real API code (Forge's, SD.Next's) share: sending a recorded request
 * to the mock in-process, the recorded answers' Python wording, counting matches, and the fork-specs
 * probe files.
 */

/** One request of a corpus as the harness sent it. */
export interface SentRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  body_base64?: string;
  /** The auth category: sent with exactly the headers recorded. */
  explicit_auth?: boolean;
}

/** A corpus request: what was sent, how it is compared, and what the fork answered without and with auth. */
export interface CorpusRequest<Answer, Compare extends string = string> extends SentRequest {
  id: string;
  category: string;
  compare: Compare;
  answer: Answer;
  answerWithAuth?: Answer;
}

/** The mock's answer to a corpus request. */
export interface Got {
  status: number;
  headers: Headers;
  /** The body as Python's `json.loads` reads it; `{ $text }` when it is not JSON. */
  body: PyJson;
  text: string;
  sha256: string;
}

export interface Verdict {
  id: string;
  category: string;
  match: boolean;
  /** What differed, for a person reading a failure. */
  why?: string;
}

/** Sends one corpus request to an in-process app; with `auth`, valid Basic credentials unless the request carries its own. */
export async function sendCorpusRequest(app: Hono, request: SentRequest, auth?: string): Promise<Got> {
  const headers: Record<string, string> = { ...request.headers };
  if (auth !== undefined && !request.explicit_auth)
    headers.authorization ??= `Basic ${Buffer.from(auth).toString('base64')}`;
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
    text,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/**
 * A recorded answer's JSON text as Python before 3.13 words it (the forks' Pythons; the harnesses ran
 * 3.13 and 3.14): 3.13+ names the value in the out-of-range message (`…: nan`) and reports a trailing
 * comma at the comma, where earlier versions report what they expected at the next token. The only
 * adjustments made to recorded answers.
 */
export function asPythonBefore313(text: string, requestBody: string | undefined): string {
  return text
    .replace(/(Out of range float values are not JSON compliant): -?(?:nan|inf)/g, '$1')
    .replace(
      /"loc":\["body",(\d+)\],"msg":"JSON decode error","input":\{\},"ctx":\{"error":"Illegal trailing comma before end of (object|array)"\}/g,
      (_match, pos: string, kind: string) => {
        const next = (requestBody ?? '').slice(Number(pos) + 1).search(/\S/) + Number(pos) + 1;
        const expected = kind === 'object' ? 'Expecting property name enclosed in double quotes' : 'Expecting value';
        return `"loc":["body",${next}],"msg":"JSON decode error","input":{},"ctx":{"error":"${expected}"}`;
      },
    );
}

/** Where two texts first differ, with some context, or undefined when they are equal. */
export function firstDifference(got: string, want: string, what: string, server: string): string | undefined {
  if (got === want) return undefined;
  let at = 0;
  while (at < got.length && got[at] === want[at]) at++;
  const from = Math.max(0, at - 60);
  return `${what} differ at ${at}: mock …${got.slice(from, at + 80)}… ${server} …${want.slice(from, at + 80)}…`;
}

/** Matches per category: `{ category: [matched, total] }`, plus `all`. */
function matchRates(verdicts: readonly Verdict[]): Record<string, [number, number]> {
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

/**
 * A corpus run's match rates (returned, and printed under `label`: the figures a report quotes). With
 * the environment variable `variable` set to a path prefix, the mismatches are also written to
 * `<prefix>.auth.json` or `<prefix>.noauth.json`, for reading a failure.
 */
export function reportCorpusRun(
  label: string,
  variable: string,
  auth: boolean,
  verdicts: readonly Verdict[],
): Record<string, [number, number]> {
  const rates = matchRates(verdicts);
  console.log(`${label}:`, JSON.stringify(rates));
  const prefix = process.env[variable];
  if (prefix)
    writeFileSync(
      `${prefix}.${auth ? 'auth' : 'noauth'}.json`,
      JSON.stringify(
        verdicts.filter((v) => !v.match),
        null,
        1,
      ),
    );
  return rates;
}

/** One probe of a fork-specs `*.errors.json` file. */
export interface ForkProbe {
  probe: string;
  method: string;
  path: string;
  request: unknown;
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** The probes of a fork-specs `*.errors.json` file (`url`), parsed as Python reads JSON. */
export function loadForkProbes(url: URL): ForkProbe[] {
  return (parsePythonJson(readFileSync(url, 'utf8')) as unknown as { probes: ForkProbe[] }).probes;
}

/**
 * Checks the mock against one probe: the status, content type and `Allow`, then the body byte for
 * byte; for a probe the harness answered with its echo (`{"echo_validated": true, "parsed": …}`, the
 * generation handler replaced), the parsed values against the mock's `parameters`.
 */
export async function expectForkProbe(app: Hono, probe: ForkProbe): Promise<void> {
  const init: RequestInit = { method: probe.method };
  if (typeof probe.request === 'string') init.body = probe.request;
  else if (probe.request !== null) init.body = fastapiJson(probe.request as PyJson);
  if (init.body !== undefined) init.headers = { 'content-type': 'application/json' };
  const response = await app.request(`http://testserver${probe.path}`, init);
  const headers = Object.fromEntries(
    [...response.headers].filter(([name]) => name === 'content-type' || name === 'allow'),
  );
  expect([response.status, headers]).toEqual([probe.status, probe.headers]);
  const text = await response.text();
  if (probe.body.echo_validated === true) {
    const parsed = probe.body.parsed as Record<string, unknown>;
    const echoed = JSON.parse(text).parameters;
    expect(Object.fromEntries(Object.keys(parsed).map((key) => [key, echoed[key]]))).toEqual(parsed);
  } else expect(text).toBe(fastapiJson(probe.body as PyJson));
}
