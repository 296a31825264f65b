import { PyFloat, type PyJson } from '../../webui/python/index.js';
import type { Cassette, Interaction, RequestMatcher } from './format.js';

export interface IncomingRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

const plain = (value: unknown) => (value instanceof PyFloat ? value.value : value);

/** Every key of `expected` is present and equal in `actual`; arrays must match element for element. */
function partialEqual(expected: PyJson | undefined, actual: unknown): boolean {
  if (expected === undefined) return true;
  if (expected instanceof PyFloat || expected === null || typeof expected !== 'object')
    return plain(expected) === plain(actual);
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, index) => partialEqual(item, actual[index]))
    );
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  return Object.entries(expected).every(([key, value]) =>
    partialEqual(value, (actual as Record<string, unknown>)[key]),
  );
}

function matches(matcher: RequestMatcher, request: IncomingRequest): boolean {
  return (
    matcher.method.toUpperCase() === request.method.toUpperCase() &&
    matcher.path === request.path &&
    Object.entries(matcher.query ?? {}).every(([key, value]) => request.query[key] === value) &&
    partialEqual(matcher.body, request.body)
  );
}

/** How much a matcher pins down: its query keys plus the leaves of its body. */
function specificity(matcher: RequestMatcher): number {
  const leaves = (value: PyJson | undefined): number => {
    if (value === undefined) return 0;
    if (value === null || typeof value !== 'object' || value instanceof PyFloat) return 1;
    const children = Array.isArray(value) ? value : Object.values(value);
    return children.reduce<number>((total, child) => total + leaves(child as PyJson), 0) || 1;
  };
  return Object.keys(matcher.query ?? {}).length + leaves(matcher.body);
}

/**
 * The most specific matching interaction; on ties, the one loaded first. Recorded 401s never
 * match: whether a request is authenticated is the mock's own `--api-auth` decision (its
 * middleware runs before replay), not an accident of what was recorded.
 */
export function findInteraction(cassettes: readonly Cassette[], request: IncomingRequest): Interaction | undefined {
  let best: Interaction | undefined;
  let bestScore = -1;
  for (const cassette of cassettes) {
    for (const interaction of cassette.interactions) {
      if (interaction.response.status === 401 || !matches(interaction.request, request)) continue;
      const score = specificity(interaction.request);
      if (score > bestScore) [best, bestScore] = [interaction, score];
    }
  }
  return best;
}

/** Cassettes indexed for replay. */
export interface InteractionIndex {
  /** The interaction `findInteraction` would pick for the request. */
  find(request: IncomingRequest): Interaction | undefined;
}

/**
 * The interactions grouped by method and path once, at load: a request is compared only with
 * those recorded for its own route, in load order (what `findInteraction` picks among them).
 */
export function indexInteractions(cassettes: readonly Cassette[]): InteractionIndex {
  const byRoute = new Map<string, Cassette>();
  for (const cassette of cassettes) {
    for (const interaction of cassette.interactions) {
      const key = `${interaction.request.method.toUpperCase()} ${interaction.request.path}`;
      let group = byRoute.get(key);
      if (group === undefined) byRoute.set(key, (group = { source: key, interactions: [] }));
      group.interactions.push(interaction);
    }
  }
  return {
    find: (request) => {
      const group = byRoute.get(`${request.method.toUpperCase()} ${request.path}`);
      return group === undefined ? undefined : findInteraction([group], request);
    },
  };
}

/** Up to three interactions for the same route, with the body keys that did not match, for strict-mode 501s. */
export function closestInteractions(cassettes: readonly Cassette[], request: IncomingRequest): string[] {
  const candidates = cassettes
    .flatMap((cassette) => cassette.interactions.map((interaction) => ({ cassette, interaction })))
    .filter(
      ({ interaction }) =>
        interaction.request.path === request.path ||
        interaction.request.method.toUpperCase() === request.method.toUpperCase(),
    )
    .map(({ cassette, interaction }) => {
      const body = (interaction.request.body ?? {}) as Record<string, PyJson>;
      const actual = (request.body ?? {}) as Record<string, unknown>;
      const differing =
        typeof body === 'object' && !Array.isArray(body)
          ? Object.keys(body).filter((key) => !partialEqual(body[key], actual[key]))
          : [];
      const samePath =
        interaction.request.path === request.path &&
        interaction.request.method.toUpperCase() === request.method.toUpperCase();
      return {
        text: `${interaction.request.method} ${interaction.request.path} (${cassette.source})${differing.length ? `; body differs at ${differing.join(', ')}` : ''}`,
        rank: (samePath ? 0 : 100) + differing.length,
      };
    })
    .sort((a, b) => a.rank - b.rank);
  return candidates.slice(0, 3).map((candidate) => candidate.text);
}
