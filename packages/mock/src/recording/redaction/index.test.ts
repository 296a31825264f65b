import { describe, expect, it } from 'vitest';
import { pyFloat } from '../../webui/python/index.js';
import { fastapiJson } from '../../fastapi/python-json/index.js';
import { parsePythonJson } from '../../fastapi/python-json/parse.js';
import { isSensitiveName, REDACTED, redactQuery, walkJsonBytes, withoutSecrets, withoutUserinfo } from './index.js';

describe('which names are credential-bearing', () => {
  it('flags auth, password, token, secret and key words, and --ngrok', () => {
    for (const name of [
      'api_auth',
      'gradio_auth',
      'gradio_auth_path',
      'password',
      'hf_token',
      'apiKey',
      'X-Api-Key',
      'civitai_api_key',
      'client_secret',
      'authorization',
      'ngrok',
      'session_cookie',
      'Commandline',
      'COMMANDLINE_ARGS',
    ]) {
      expect(isSensitiveName(name), name).toBe(true);
    }
  });

  it('leaves webui options and flags that only contain those letters', () => {
    for (const name of [
      'sd_vae',
      'keyedit_delimiters',
      'canvas_hotkey_zoom',
      'tls_keyfile',
      'author',
      'monkey',
      'ngrok_region',
      'api',
      'api_log',
      'passes',
      'tokenizer',
    ]) {
      expect(isSensitiveName(name), name).toBe(false);
    }
  });
});

describe('redaction of bodies', () => {
  const flags = {
    api_auth: 'admin:hunter2',
    gradio_auth: 'u:pw,u2:pw2',
    gradio_auth_path: null,
    ngrok: '2abcNGROKTOKEN',
    token_merging_ratio: pyFloat(0.5),
    disable_token_counters: false,
    sd_vae: 'Automatic',
    nested: [{ secret: ['s1', ''] }],
  };

  it('masks every secret string in a response, keeping the shape, numbers and booleans', async () => {
    const bytes = Buffer.from(fastapiJson(flags));
    const walk = await walkJsonBytes(bytes, { mask: true });
    expect(parsePythonJson(Buffer.from(walk.bytes).toString())).toEqual({
      ...flags,
      api_auth: REDACTED,
      gradio_auth: REDACTED,
      ngrok: REDACTED,
      nested: [{ secret: [REDACTED, ''] }],
    });
    expect(walk.redacted).toBe(4);
    expect(Buffer.from(walk.bytes).toString()).not.toMatch(/hunter2|pw2|NGROKTOKEN|s1/);
  });

  it('drops secrets from a request matcher, so any value matches on replay', () => {
    expect(withoutSecrets({ sd_model_checkpoint: 'x', api_key: 'k' })).toEqual({ sd_model_checkpoint: 'x' });
  });

  it('drops sensitive query parameters, and strips user:password from URLs', () => {
    expect(redactQuery({ token: 'abc', id_task: 't' })).toEqual({ id_task: 't' });
    expect(withoutUserinfo('http://admin:hunter2@127.0.0.1:7860/')).toBe('http://127.0.0.1:7860');
  });
});
