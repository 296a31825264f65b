import { operations, type OpenApiDocument } from '../document/index.js';
import type { ErrorEnvelope } from '../overlay/index.js';
import { schemasOf } from './components.js';

export const WEBUI_ERROR_SCHEMA = 'WebuiError';

/**
 * The webui answers HTTP errors and uncaught exceptions with its own body
 * (`modules/api/api.py`, `handle_exception`), which the capture never declares:
 * `{"error": "HTTPException", "detail": "Sampler not found", "body": "", "errors": ""}`.
 * Declaring it as every core operation's `default` response types `error` in openapi-fetch
 * as `HTTPValidationError | WebuiError` instead of the 422 shape alone.
 * A fork whose error handling differs (Forge) passes its own `envelope` from an overlay.
 */
export function declareErrorEnvelope(doc: OpenApiDocument, envelope?: ErrorEnvelope): void {
  if (envelope !== undefined) {
    for (const { operation } of operations(doc)) {
      const responses = (operation.responses ??= {}) as Record<string, unknown>;
      if (responses['422'] !== undefined) {
        responses['422'] = {
          description: 'Validation Error',
          content: { 'application/json': { schema: structuredClone(envelope.validation) } },
        };
      }
      responses.default = {
        description: 'Webui error',
        content: { 'application/json': { schema: structuredClone(envelope.default) } },
      };
    }
    return;
  }
  schemasOf(doc)[WEBUI_ERROR_SCHEMA] = {
    title: 'WebuiError',
    description:
      "Body of the webui's exception handler: HTTP errors raised by the API (404 'Sampler not found', 401 auth) and uncaught exceptions (500).",
    type: 'object',
    required: ['error', 'detail', 'body', 'errors'],
    properties: {
      error: { type: 'string', description: "Exception class name, e.g. 'HTTPException', 'RuntimeError', 'KeyError'." },
      detail: { description: 'The HTTPException detail (usually a string); empty for other exceptions.' },
      body: { type: 'string', description: 'The request body, when the server could read it; usually empty.' },
      errors: { type: 'string', description: "str() of the exception; '' for HTTPException." },
    },
  };
  for (const { operation } of operations(doc)) {
    const responses = (operation.responses ??= {}) as Record<string, unknown>;
    // Script errors come back as 422 in the webui's shape, not FastAPI's (`Script 'x' not found`).
    if (responses['422'] !== undefined) {
      responses['422'] = {
        description: 'Validation Error',
        content: {
          'application/json': {
            schema: {
              anyOf: [
                { $ref: '#/components/schemas/HTTPValidationError' },
                { $ref: `#/components/schemas/${WEBUI_ERROR_SCHEMA}` },
              ],
            },
          },
        },
      };
    }
    responses.default = {
      description: 'Webui error',
      content: { 'application/json': { schema: { $ref: `#/components/schemas/${WEBUI_ERROR_SCHEMA}` } } },
    };
  }
}
