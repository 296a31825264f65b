import { floatText, intText, PyFloat, pythonRepr, type PyJson } from '../../webui/python/index.js';

/**
 * Starlette's own `HTTPException`, answered by FastAPI's default handler as `{"detail": …}`
 * (the webui's handler only catches FastAPI's subclass): routing's 404 and 405, and the 400
 * for a body that cannot be read. Its headers (`Allow`) are kept.
 */
export class StarletteHttpException extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  body(): PyJson {
    return { detail: this.detail };
  }
}

/**
 * One entry of FastAPI's 422 `detail` list: pydantic v1's `{loc, msg, type[, ctx]}` or v2's
 * `{type, loc, msg, input[, ctx]}`. It is written in the key order it was built with.
 */
export interface ValidationIssue {
  loc: Array<string | number>;
  msg: string;
  type: string;
  /** pydantic v2: the value that failed. */
  input?: PyJson;
  ctx?: Record<string, PyJson>;
}

/** FastAPI's `RequestValidationError`: 422 `{"detail": [...]}`, answered by FastAPI itself (not the webui handler). */
export class RequestValidationError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map((issue) => `${issue.loc.join('.')}: ${issue.msg}`).join('; '));
  }

  body(): PyJson {
    return { detail: this.issues.map(({ ctx, ...issue }) => (ctx ? { ...issue, ctx } : issue)) as PyJson };
  }
}

/** Python's `repr()` of a JSON value, as an error dict prints it (`loc` a tuple). */
function pyRepr(value: PyJson | undefined, tuple = false): string {
  if (value === null || value === undefined) return 'None';
  if (value instanceof PyFloat) return floatText(value.value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? intText(value) : floatText(value);
  if (typeof value === 'string') return pythonRepr(value);
  if (Array.isArray(value)) {
    const items = value.map((item) => pyRepr(item));
    return tuple ? `(${items.join(', ')}${items.length === 1 ? ',' : ''})` : `[${items.join(', ')}]`;
  }
  return `{${Object.entries(value)
    .map(([key, item]) => `${pythonRepr(key)}: ${pyRepr(item, key === 'loc')}`)
    .join(', ')}}`;
}

/**
 * FastAPI's `ResponseValidationError` (pydantic 2): the handler's answer failed the route's response
 * model. It reaches the app's exception handler, which shows the unvalidated answer as `body`.
 */
export class ResponseValidationError extends Error {
  override readonly name = 'ResponseValidationError';

  constructor(
    readonly issues: ValidationIssue[],
    readonly content: PyJson,
  ) {
    // FastAPI's __str__: a count, then each error dict's repr on its own line.
    super(
      `${issues.length} validation errors:\n${issues.map((issue) => `  ${pyRepr(issue as unknown as PyJson)}\n`).join('')}`,
    );
  }
}
