import { describe, expect, it } from 'vitest';
import { testMock, until } from '../../testing/test-mock.js';

describe('one worker behind a FIFO lock', () => {
  it('runs concurrent jobs one at a time, in arrival order, all answered 200', async () => {
    const { call, webui } = testMock({ stepMs: 2 });
    const finished: number[] = [];
    const jobs = [0, 1, 2].map(async (index) => {
      const reply = await call('POST', '/sdapi/v1/txt2img', {
        prompt: `job ${index}`,
        steps: 5,
        force_task_id: `t${index}`,
      });
      finished.push(index);
      return reply.status;
    });
    await until(() => webui.registry.current === 't0');
    expect(webui.registry.pending).toEqual(['t1', 't2']);
    expect(await Promise.all(jobs)).toEqual([200, 200, 200]);
    expect(finished).toEqual([0, 1, 2]);
    expect(webui.registry.finished).toEqual(['t0', 't1', 't2']);
  });

  it('reports progress for this task via /internal/progress and the global one via /sdapi/v1/progress', async () => {
    const { call, webui } = testMock({ stepMs: 20 });
    const first = call('POST', '/sdapi/v1/txt2img', { prompt: 'a', steps: 20, force_task_id: 'first' });
    const second = call('POST', '/sdapi/v1/txt2img', { prompt: 'b', steps: 2, force_task_id: 'second' });
    await until(() => webui.state.samplingStep >= 2 && webui.registry.current === 'first');

    const queued = await call('POST', '/internal/progress', { id_task: 'second' });
    expect(queued.json).toEqual({
      active: false,
      queued: true,
      completed: false,
      progress: null,
      eta: null,
      live_preview: null,
      id_live_preview: -1,
      textinfo: 'In queue: 1/1',
    });
    const pending = await call('GET', '/internal/pending-tasks');
    expect(pending.json).toEqual({ size: 1, tasks: ['second'] });

    const active = await call('POST', '/internal/progress', { id_task: 'first', live_preview: false });
    expect(active.json.active).toBe(true);
    expect(active.json.progress).toBeGreaterThan(0);
    expect(active.json.progress).toBeLessThan(1);

    const global = await call('GET', '/sdapi/v1/progress');
    const { state } = global.json;
    expect(state).toMatchObject({
      job: 'scripts_txt2img',
      job_count: 1,
      job_no: 0,
      sampling_steps: 20,
      skipped: false,
      interrupted: false,
      stopping_generation: false,
    });
    expect(global.json.progress).toBeCloseTo(0.01 + state.sampling_step / 20, 5);
    expect(global.json.eta_relative).toBeGreaterThan(0);

    await Promise.all([first, second]);
    const done = await call('POST', '/internal/progress', { id_task: 'first' });
    expect(done.json).toMatchObject({ active: false, queued: false, completed: true, textinfo: 'Waiting...' });
    // `finish_task` clears the current task: the last job is not reported active once it is done.
    const last = await call('POST', '/internal/progress', { id_task: 'second' });
    expect(last.json).toMatchObject({ active: false, queued: false, completed: true });
    const idle = await call('GET', '/sdapi/v1/progress');
    expect(idle.json).toMatchObject({
      progress: 0,
      eta_relative: 0,
      current_image: null,
      state: { job: '', job_count: 0, sampling_steps: 2 },
    });
  });

  it('sends live previews every N steps, only when newer than the client has', async () => {
    const { call, webui } = testMock({ stepMs: 10 });
    await call('POST', '/sdapi/v1/options', { show_progress_every_n_steps: 2 });
    const job = call('POST', '/sdapi/v1/txt2img', { prompt: 'a', steps: 30, force_task_id: 'p' });
    await until(() => webui.state.samplingStep >= 4);
    const first = await call('POST', '/internal/progress', { id_task: 'p', id_live_preview: -1 });
    expect(first.json.live_preview).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    const again = await call('POST', '/internal/progress', {
      id_task: 'p',
      id_live_preview: first.json.id_live_preview,
    });
    expect(again.json.id_live_preview === first.json.id_live_preview ? again.json.live_preview : null).toBeNull();
    const global = await call('GET', '/sdapi/v1/progress');
    expect(global.json.current_image).toMatch(/^iVBORw0KGgo/);
    expect((await call('GET', '/sdapi/v1/progress?skip_current_image=true')).json.current_image).toBeNull();
    await call('POST', '/sdapi/v1/interrupt');
    await job;
  });

  it('interrupt stops the running job, which still answers 200 with what it made; the next job runs in full', async () => {
    const { call, webui } = testMock({ stepMs: 10 });
    const long = call('POST', '/sdapi/v1/txt2img', { prompt: 'long', steps: 200, n_iter: 3, force_task_id: 'long' });
    const next = call('POST', '/sdapi/v1/txt2img', { prompt: 'next', steps: 3, force_task_id: 'next' });
    await until(() => webui.registry.current === 'long' && webui.state.samplingStep >= 2);
    expect((await call('POST', '/sdapi/v1/interrupt')).text).toBe('{}');
    const interrupted = await long;
    expect(interrupted.status).toBe(200);
    expect(interrupted.json.images).toHaveLength(1);
    expect(webui.state.samplingStep).toBeLessThan(200);
    const completed = await next;
    expect(completed.json.images).toHaveLength(1);
    expect(webui.state.interrupted).toBe(false);
    expect(webui.registry.pending).toEqual([]);
  });

  it('skip abandons the current iteration and goes on with the next', async () => {
    const { call, webui } = testMock({ stepMs: 10 });
    const job = call('POST', '/sdapi/v1/txt2img', { prompt: 'x', steps: 100, n_iter: 2, force_task_id: 's' });
    await until(() => webui.state.samplingStep >= 2 && webui.state.jobNo === 0);
    expect((await call('POST', '/sdapi/v1/skip')).text).toBe('null');
    await until(() => webui.state.jobNo === 1 && webui.state.samplingStep >= 1);
    expect(webui.state.job).toBe('Batch 2 out of 2');
    await call('POST', '/sdapi/v1/skip');
    const reply = await job;
    expect(reply.json.images).toHaveLength(2);
  });

  it('an interrupt while idle does not affect the next job', async () => {
    const { call } = testMock();
    await call('POST', '/sdapi/v1/interrupt');
    const reply = await call('POST', '/sdapi/v1/txt2img', { prompt: 'x', steps: 2, n_iter: 2 });
    expect(reply.json.images).toHaveLength(2);
  });

  it('makes batch_size × n_iter images with consecutive seeds and deterministic bytes', async () => {
    const { call } = testMock();
    const body = { prompt: 'same', seed: 42, steps: 1, batch_size: 2, n_iter: 2, width: 64, height: 64 };
    const a = await call('POST', '/sdapi/v1/txt2img', body);
    const info = JSON.parse(a.json.info);
    expect(info.all_seeds).toEqual([42, 43, 44, 45]);
    expect(info.infotexts.map((text: string) => /Seed: (\d+)/.exec(text)?.[1])).toEqual(['42', '43', '44', '45']);
    const b = await call('POST', '/sdapi/v1/txt2img', body);
    expect(b.json.images).toEqual(a.json.images);
    expect(new Set(a.json.images).size).toBe(4);
  });
});
