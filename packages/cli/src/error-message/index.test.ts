import { AuthError, ConnectionError, TimeoutError, ValidationError } from '@sdwebui/client';
import { describe, expect, it } from 'vitest';
import { errorLine } from './index.js';

describe('errorLine', () => {
  it('rewords SDK advice in terms of CLI flags and commands', async () => {
    const stopFailed = 'stopping the job on the server failed; call client.interrupt() if it still runs';
    expect(
      await errorLine(new TimeoutError(5000, 'POST /sdapi/v1/txt2img', stopFailed), { sentCredentials: false }),
    ).toBe(
      'POST /sdapi/v1/txt2img: no answer within 5000 ms; stopping the job on the server failed; ' +
        'run `sdwebui interrupt` if it still runs',
    );
    const read = new TimeoutError(5000, 'GET /openapi.json', 'raise timeoutMs if the server is busy');
    expect(await errorLine(read, { sentCredentials: false })).toBe(
      'GET /openapi.json: no answer within 5000 ms; raise --timeout if the server is busy',
    );
    expect(await errorLine(new AuthError('x', 401, null, 'GET /sdapi/v1/options'), { sentCredentials: true })).toBe(
      'GET /sdapi/v1/options: the webui rejected the credentials: check --auth / SDWEBUI_AUTH against its --api-auth',
    );
  });

  it('masks URL credentials and keeps what needs no rewording', async () => {
    expect(
      await errorLine(new ConnectionError('http://me:pw@gpu:7860/sdapi/v1/sd-models', 'ECONNREFUSED'), {
        sentCredentials: true,
      }),
    ).toBe(
      'cannot reach http://***@gpu:7860/sdapi/v1/sd-models (ECONNREFUSED): is the webui running, started with --api, at this address? (--url or SDWEBUI_URL)',
    );
    const lost = new ConnectionError('http://gpu:7860', 'UND_ERR_SOCKET', { lost: true });
    expect(await errorLine(lost, { sentCredentials: false })).toMatch(
      /^the connection to http:\/\/gpu:7860 broke after/,
    );
    expect(await errorLine(lost, { sentCredentials: false })).not.toMatch(/is the webui running/);
    const validation = new ValidationError(
      [{ loc: ['body', 'steps'], msg: 'value is not a valid integer', type: 'type_error.integer' }],
      {},
      'POST /sdapi/v1/txt2img',
    );
    expect(await errorLine(validation, { sentCredentials: false })).toBe(validation.message);
    expect(await errorLine(new Error('see http://a:b@c/'), { sentCredentials: false })).toBe('see http://***@c/');
  });

  // Before, only a queue job's reason was made printable: a webui answering 500 with an escape
  // sequence in its `detail` (or a 422 in `loc`/`msg`) reached the terminal raw.
  it('drops control characters the webui put in any message (C0, C1)', async () => {
    const { ApiError } = await import('@sdwebui/client');
    const evil = 'D\u001b]0;title\u0007\u001b[2J\u009b2J\u001b]52;c;cm0gLXJmIH4=\u0007';
    const failed = new ApiError(
      `POST /sdapi/v1/txt2img: HTTP 500: ${evil}`,
      500,
      { detail: evil },
      'POST /sdapi/v1/txt2img',
    );
    const validation = new ValidationError(
      [{ loc: ['body', `x${evil}`], msg: `m${evil}`, type: 't' }],
      {},
      'POST /sdapi/v1/txt2img',
    );
    for (const error of [failed, validation, new Error(evil)]) {
      const line = await errorLine(error, { sentCredentials: false });
      expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      expect(line).toContain(']52;c;cm0gLXJmIH4=');
    }
  });

  it('queue failures: where Redis is configured, and a job failure reason without terminal escapes', async () => {
    const { JobFailedError, QueueConnectionError } = await import('@sdwebui/queue');
    const unreachable = new QueueConnectionError('cannot use Redis at cache:6379: connect ECONNREFUSED');
    expect(await errorLine(unreachable, { sentCredentials: false })).toBe(
      'cannot use Redis at cache:6379: connect ECONNREFUSED: is redis-server running there? (--redis or REDIS_URL)',
    );
    const failed = new JobFailedError('j-1', 'webui said \u001b]0;pwned\u0007 at http://u:pw@gpu:7860');
    expect(await errorLine(failed, { sentCredentials: false })).toBe(
      'job j-1 failed: webui said ]0;pwned at http://***@gpu:7860',
    );
  });
});
