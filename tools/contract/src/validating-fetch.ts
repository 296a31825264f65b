import { readFile } from 'node:fs/promises';
import { createSpecValidator, type SpecValidator } from '@sdwebui/validate';

export interface Violation {
  operation: string;
  status: number;
  errors: string[];
}

export async function loadValidator(target: string): Promise<SpecValidator> {
  const spec = JSON.parse(await readFile(new URL(`../../../spec/${target}/openapi.json`, import.meta.url), 'utf8'));
  return createSpecValidator(spec);
}

/**
 * A `fetch` that checks every JSON answer against the target's normalized spec and records
 * what does not conform: the contract is that the server's replies are what the types say.
 */
export function validatingFetch(validator: SpecValidator, violations: Violation[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const request = input instanceof Request ? input : new Request(input, init);
    const path = new URL(request.url).pathname;
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('application/json') || validator.matchPath(path) === undefined) return response;
    let body: unknown;
    try {
      body = await response.clone().json();
    } catch {
      return response;
    }
    const result = validator.validateResponse(request.method, path, response.status, body);
    if (!result.valid)
      violations.push({
        operation: `${request.method} ${path}`,
        status: response.status,
        errors: result.errors.slice(0, 5),
      });
    return response;
  };
}
