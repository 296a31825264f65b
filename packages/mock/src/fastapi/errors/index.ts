import type { PyJson } from '../../webui/python/index.js';

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

/** One entry of FastAPI's 422 `detail` list, in pydantic v1's shape. */
export interface ValidationIssue {
  loc: Array<string | number>;
  msg: string;
  type: string;
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
