import { describe, expect, it } from 'vitest';
import { createSendHook } from './send-hook.js';

describe('send hook', () => {
  it('records the task id before a generation request leaves and tags the request', async () => {
    const order: string[] = [];
    let seen: Headers | undefined;
    const hook = createSendHook(async (_input, init) => {
      order.push('sent');
      seen = new Headers(init?.headers);
      return new Response('{}');
    });
    hook.setBeforeSend(async (taskId) => {
      order.push(`recorded ${taskId}`);
      return { 'x-job': 'j-1' };
    });
    const body = JSON.stringify({ prompt: 'a', force_task_id: 'task(1)' });
    await hook.fetch(new Request('http://127.0.0.1:1/sdapi/v1/txt2img', { method: 'POST', body }));
    expect(order).toEqual(['recorded task(1)', 'sent']);
    expect(seen?.get('x-job')).toBe('j-1');
  });

  it('does not send when recording fails, and leaves other requests alone', async () => {
    const sent: string[] = [];
    const hook = createSendHook(async (input) => {
      sent.push(input instanceof Request ? input.url : String(input));
      return new Response('{}');
    });
    hook.setBeforeSend(async () => {
      throw new Error('redis down');
    });
    const body = JSON.stringify({ force_task_id: 'task(1)' });
    await expect(
      hook.fetch(new Request('http://127.0.0.1:1/sdapi/v1/img2img', { method: 'POST', body })),
    ).rejects.toThrow('redis down');
    await hook.fetch(new Request('http://127.0.0.1:1/sdapi/v1/options'));
    expect(sent).toEqual(['http://127.0.0.1:1/sdapi/v1/options']);
  });
});
