import { AuthError, ConnectionError, TimeoutError, ValidationError } from '@sdwebui/client';
import { describe, expect, it } from 'vitest';
import { errorLine } from './index.js';

describe('errorLine', () => {
  it('rewords SDK advice in terms of CLI flags and commands', () => {
    expect(errorLine(new TimeoutError(5000, 'POST /sdapi/v1/txt2img'), { sentCredentials: false })).toBe(
      'POST /sdapi/v1/txt2img: no answer within 5000 ms; a generation keeps running on the server: stop it with `sdwebui interrupt`',
    );
    expect(errorLine(new AuthError('x', 401, null, 'GET /sdapi/v1/options'), { sentCredentials: true })).toBe(
      'GET /sdapi/v1/options: the webui rejected the credentials: check --auth / SDWEBUI_AUTH against its --api-auth',
    );
  });

  it('masks URL credentials and keeps what needs no rewording', () => {
    expect(
      errorLine(new ConnectionError('http://me:pw@gpu:7860/sdapi/v1/sd-models', 'ECONNREFUSED'), {
        sentCredentials: true,
      }),
    ).toBe(
      'cannot reach http://***@gpu:7860/sdapi/v1/sd-models (ECONNREFUSED): is the webui running, started with --api, at this address? (--url or SDWEBUI_URL)',
    );
    const validation = new ValidationError(
      [{ loc: ['body', 'steps'], msg: 'value is not a valid integer', type: 'type_error.integer' }],
      {},
      'POST /sdapi/v1/txt2img',
    );
    expect(errorLine(validation, { sentCredentials: false })).toBe(validation.message);
    expect(errorLine(new Error('see http://a:b@c/'), { sentCredentials: false })).toBe('see http://***@c/');
  });
});
