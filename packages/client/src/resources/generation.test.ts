import { describe, expect, it } from 'vitest';
import { answer, hostileServer, json } from '../testing/hostile-server.js';
import { useMocks } from '../testing/mock-servers.js';
import { until } from '../testing/wait.js';
import { AbortError, createWebuiClient, NotFoundError, TimeoutError, type JobProgress } from '../node.js';

const mock = useMocks();
const interrupts = (server: { requests: Array<{ path: string }> }) =>
  server.requests.filter((request) => request.path === '/sdapi/v1/interrupt').length;

describe('an older webui (1.7) without detect() and without a target', () => {
  it("detects once, lazily, then reports progress of the running job without the last job's stale steps", async () => {
    const server = await mock({ profile: 'a1111-1.7', stepMs: 10 });
    const client = createWebuiClient({ baseUrl: server.url });
    await client.txt2img({ steps: 3, width: 16, height: 16 });
    // Long enough to be seen running on any machine; reports are read until one shows a step.
    const job = client.txt2img({ steps: 1000, width: 16, height: 16 });
    const reports: JobProgress[] = [];
    for await (const report of job.progress({ intervalMs: 10 })) {
      reports.push(report);
      if (report.step !== null) break;
    }
    await job.cancel();
    await expect(job.result).rejects.toBeInstanceOf(AbortError);
    const running = reports.filter((report) => report.step !== null);
    expect(running).toHaveLength(1);
    expect(reports.every((report) => report.steps === null || report.steps === 1000)).toBe(true);
    expect(server.requests.filter((request) => request.path === '/openapi.json')).toHaveLength(1);
  });

  it('folds a scheduler into the sampler name, and refuses one that cannot be folded', async () => {
    const client = createWebuiClient({ baseUrl: (await mock({ profile: 'a1111-1.7' })).url });
    const result = await client.txt2img({
      sampler_name: 'DPM++ 2M',
      scheduler: 'karras',
      steps: 1,
      width: 16,
      height: 16,
    });
    expect(result.info.sampler_name).toBe('DPM++ 2M Karras');
    const error = await client
      .txt2img({ sampler_name: 'Euler', scheduler: 'sgm_uniform', steps: 1 })
      .result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toMatch(/predates the scheduler field/);
  });

  it('job.cancel() resolves and stops the running job on the server', async () => {
    const server = await mock({ profile: 'a1111-1.7', stepMs: 10 });
    const client = createWebuiClient({ baseUrl: server.url });
    const job = client.txt2img({ steps: 1000, width: 16, height: 16 });
    await until(() => server.state.state.samplingStep > 2);
    await job.cancel();
    await expect(job.result).rejects.toBeInstanceOf(AbortError);
    await until(() => server.state.state.jobCount === 0);
    expect(server.state.state.samplingStep).toBeLessThan(1000);
    expect(interrupts(server)).toBe(1);
  });
});

describe('aborting a generation stops the server job, as cancel() does', () => {
  it("through the caller's signal", async () => {
    const server = await mock({ stepMs: 10 });
    const client = createWebuiClient({ baseUrl: server.url });
    const controller = new AbortController();
    const job = client.txt2img({ steps: 1000, width: 16, height: 16 }, { signal: controller.signal });
    await until(() => server.state.registry.current === job.taskId && server.state.state.samplingStep > 2);
    controller.abort();
    await expect(job.result).rejects.toBeInstanceOf(AbortError);
    await until(() => server.state.registry.finished.includes(job.taskId));
    expect(server.state.state.samplingStep).toBeLessThan(1000);
    expect(interrupts(server)).toBe(1);
  });

  it('through AbortSignal.timeout() and through timeoutMs', async () => {
    const server = await mock({ stepMs: 10 });
    const client = createWebuiClient({ baseUrl: server.url, target: 'a1111-1.10' });
    const timed = client.txt2img({ steps: 1000, width: 16, height: 16 }, { signal: AbortSignal.timeout(500) });
    await expect(timed.result).rejects.toBeInstanceOf(AbortError);
    await until(() => server.state.registry.finished.includes(timed.taskId));
    const bounded = client.txt2img({ steps: 1000, width: 16, height: 16 }, { timeoutMs: 500 });
    const error = await bounded.result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/the job was stopped on the server/);
    await until(() => server.state.registry.finished.includes(bounded.taskId));
    expect(interrupts(server)).toBe(2);
  });
});

describe('stopping a job on a server that refuses the interrupt', () => {
  it('still rejects with AbortError on abort, and a timeout says the stop failed (no unhandled rejection)', async () => {
    const server = await hostileServer({
      'POST /sdapi/v1/txt2img': () => undefined, // never answers
      'POST /internal/progress': json({ active: true, queued: false, completed: false, progress: 0.5 }),
      'GET /sdapi/v1/progress': json({
        progress: 0.5,
        eta_relative: 1,
        state: { sampling_step: 1, sampling_steps: 2 },
      }),
      'POST /sdapi/v1/interrupt': answer(500, '{"error":"RuntimeError","detail":"","body":"","errors":"no"}'),
    });
    const client = createWebuiClient({
      baseUrl: server.url,
      target: 'a1111-1.10',
      checkNames: false,
      retry: { retries: 0 },
    });
    const controller = new AbortController();
    const aborted = client.txt2img({ steps: 2 }, { signal: controller.signal });
    controller.abort();
    await expect(aborted.result).rejects.toBeInstanceOf(AbortError);
    await until(() => server.requests.some((request) => request.path === '/sdapi/v1/interrupt'));
    const timedOut = await client.txt2img({ steps: 2 }, { timeoutMs: 100 }).result.catch((caught: unknown) => caught);
    expect(timedOut).toBeInstanceOf(TimeoutError);
    expect((timedOut as Error).message).toMatch(/stopping the job on the server failed; call client.interrupt\(\)/);
  });
});

describe('a server that says neither its version nor its routes', () => {
  it('fails a version-dependent call with a clear error instead of guessing', async () => {
    const server = await hostileServer({ 'POST /sdapi/v1/txt2img': () => undefined });
    const client = createWebuiClient({ baseUrl: server.url, checkNames: false });
    const job = client.txt2img({ steps: 2 });
    const error = await (async () => {
      for await (const report of job.progress({ intervalMs: 10 })) void report;
    })().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'configuration' });
    expect((error as Error).message).toMatch(/cannot tell which webui release.*pass target/);
    const scheduled = await client.txt2img({ steps: 2, scheduler: 'karras' }).result.catch((caught: unknown) => caught);
    expect(scheduled).toMatchObject({ kind: 'configuration' });
  });
});
