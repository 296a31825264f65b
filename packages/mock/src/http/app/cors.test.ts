import { describe, expect, it } from 'vitest';
import { createMockApp } from './index.js';

describe('--cors-allow-origins', () => {
  it('sends no CORS headers by default, as the webui', async () => {
    const response = await createMockApp().app.request('/sdapi/v1/samplers', {
      headers: { origin: 'http://localhost:5173' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows the listed origins only, preflight included', async () => {
    const { app } = createMockApp({ corsAllowOrigins: ['http://localhost:5173'] });
    const preflight = await app.request('/sdapi/v1/txt2img', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    const other = await app.request('/sdapi/v1/samplers', { headers: { origin: 'http://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
