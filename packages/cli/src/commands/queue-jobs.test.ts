import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '@sdwebui/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../testing/io.js';
import { startQueueCli, type QueueCliFixture } from '../testing/queue.js';

let cli: QueueCliFixture;

beforeAll(async () => {
  cli = await startQueueCli();
});
afterAll(async () => {
  await cli?.close();
});

const submit = async (name: string, ...extra: string[]) => {
  const io = captureIo();
  expect(await cli.sdwebui({ io }, 'queue', 'submit', 'a fox', ...cli.queueFlags(name), '--steps', '1', ...extra)).toBe(
    0,
  );
  return io.stdout[0] as string;
};

describe('sdwebui queue: one job, the totals and the list say the same, in the same words', () => {
  it('says waiting with the place in line (never BullMQ’s prioritized), and that no worker serves the queue', async () => {
    const first = await submit('words');
    const second = await submit('words', '--priority', '5');
    const status = captureIo();
    expect(await cli.sdwebui({ io: status }, 'queue', 'status', first, ...cli.queueFlags('words'))).toBe(0);
    expect(status.stdout).toEqual([
      `${first}  waiting (#2 in line)`,
      'note: no worker serves queue words: no backend has reported in the last 30 s (start one: sdwebui worker --backend URL)',
    ]);
    const totals = captureIo();
    expect(await cli.sdwebui({ io: totals }, 'queue', 'status', ...cli.queueFlags('words'))).toBe(0);
    expect(totals.stdout[0]).toBe('waiting 2  running 0  done 0  failed 0  cancelled 0  last minute 0');
    expect(totals.stdout.at(-1)).toMatch(/^note: no worker serves queue words/);
    const list = captureIo();
    expect(await cli.sdwebui({ io: list }, 'queue', 'ls', '--json', ...cli.queueFlags('words'))).toBe(0);
    expect(JSON.parse(list.stdout.join('\n'))).toMatchObject([
      { id: second, state: 'waiting', position: 1 },
      { id: first, state: 'waiting', position: 2 },
    ]);

    // Cancel: the job goes, and every view says cancelled.
    const cancel = captureIo();
    expect(await cli.sdwebui({ io: cancel }, 'queue', 'cancel', first, ...cli.queueFlags('words'))).toBe(0);
    expect(cancel.stdout).toEqual([`${first}  cancelled: cancelled before it started`]);
    const again = captureIo();
    expect(await cli.sdwebui({ io: again }, 'queue', 'cancel', first, ...cli.queueFlags('words'))).toBe(0);
    expect(again.stderr).toEqual([`${first} is cancelled already: nothing to cancel`]);
    const after = captureIo();
    expect(await cli.sdwebui({ io: after }, 'queue', 'status', ...cli.queueFlags('words'))).toBe(0);
    expect(after.stdout[0]).toBe('waiting 1  running 0  done 0  failed 0  cancelled 1  last minute 0');
    const unknown = captureIo();
    expect(await cli.sdwebui({ io: unknown }, 'queue', 'cancel', 'j-nope', ...cli.queueFlags('words'))).toBe(1);
    expect(unknown.stderr).toEqual(['error: no job j-nope in queue words']);
  });

  it('says why a backend is down', async () => {
    const worker = cli.startWorker('down', 'http://127.0.0.1:1');
    try {
      const status = captureIo();
      await waitUntil(async () => {
        status.stdout.length = 0;
        await cli.sdwebui({ io: status }, 'queue', 'status', ...cli.queueFlags('down'));
        return status.stdout.some((line) => line.startsWith('127.0.0.1:1  down'));
      });
      expect(status.stdout).toContainEqual(
        '127.0.0.1:1  down (cannot reach http://127.0.0.1:1: is the webui running, started with --api, at this address?)  idle  done 0  model ?',
      );
      expect(status.stdout.at(-1)).toMatch(/^note: every backend of queue down is down: 127\.0\.0\.1:1 \(cannot reach/);
    } finally {
      expect(await worker.stop()).toBe(0);
    }
  });

  it('runs tenants: --tenant on submit, limits with queue tenant, QuotaError past maxWaiting', async () => {
    const set = captureIo();
    const flags = cli.queueFlags('tenants');
    expect(
      await cli.sdwebui({ io: set }, 'queue', 'tenant', 'team a', ...flags, '--weight', '2', '--max-waiting', '1'),
    ).toBe(0);
    expect(set.stdout).toEqual(['tenant team a  weight 2  max running -  max waiting 1  waiting 0  running 0']);
    const id = await submit('tenants', '--tenant', 'team a');
    const refused = captureIo();
    expect(await cli.sdwebui({ io: refused }, 'queue', 'submit', 'x', ...flags, '--tenant', 'team a')).toBe(1);
    expect(refused.stderr.at(-1)).toBe(
      'error: tenant "team a" has 1 jobs waiting (maxWaiting 1); submit again once some have started, or raise the limit',
    );
    const list = captureIo();
    expect(await cli.sdwebui({ io: list }, 'queue', 'ls', ...flags)).toBe(0);
    expect(list.stdout).toEqual([expect.stringMatching(new RegExp(`^${id}  waiting   team a {7}-  a fox$`))]);
    const bad = captureIo();
    expect(await cli.sdwebui({ io: bad }, 'queue', 'submit', 'x', ...flags, '--tenant', 'a\u001b[2J')).toBe(2);
    expect(bad.stderr.at(-1)).toMatch(/^error: a tenant must be 1–100 characters without control characters/);
  });

  it('a worker signs and sends callbacks with SDWEBUI_WEBHOOK_SECRET, and never prints the secret', async () => {
    const secret = `whsec_${Buffer.from('the cli test secret, 32 bytes!!!').toString('base64')}`;
    const bodies: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        bodies.push({ headers: request.headers, body });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const flags = cli.queueFlags('hooks');
    const worker = cli.runUntilStopped(
      { env: { SDWEBUI_WEBHOOK_SECRET: secret } },
      'worker',
      ...flags,
      '--backend',
      cli.mock.url,
      '--allow-private-webhooks',
    );
    const { io } = worker;
    try {
      const done = captureIo();
      const args = ['queue', 'submit', 'p', ...flags, '--steps', '1', '--size', '64x64', '--callback-url', url];
      expect(await cli.sdwebui({ io: done }, ...args, '--wait', '--out-dir', `${cli.dir}/hooks-out`)).toBe(0);
      await waitUntil(() => bodies.length === 1);
      const event = verifyWebhook(secret, bodies[0]?.headers ?? {}, bodies[0]?.body ?? '');
      expect(event).toMatchObject({ type: 'job.completed', data: { state: 'done' } });
      await waitUntil(() => io.stdout.some((line) => line.startsWith('webhook-delivered')));
    } finally {
      expect(await worker.stop()).toBe(0);
      receiver.close();
    }
    expect(io.stderr.join('\n')).toContain('webhooks signed, private addresses allowed');
    expect([...io.stdout, ...io.stderr].join('\n')).not.toContain(secret.slice(6, 30));
    const refused = captureIo();
    const noSecret = ['worker', ...flags, '--backend', cli.mock.url, '--allow-private-webhooks'];
    expect(await cli.sdwebui({ io: refused, untilStopped: async () => {} }, ...noSecret)).toBe(2);
    expect(refused.stderr.at(-1)).toMatch(/--allow-private-webhooks needs a webhook secret/);
  });

  it('serves the dashboard on loopback, asks for the token, and refuses another interface without one', async () => {
    const token = 'the-dashboard-token-123';
    const flags = cli.queueFlags('board');
    const board = cli.runUntilStopped(
      { env: { SDWEBUI_DASHBOARD_TOKEN: token } },
      'queue',
      'dashboard',
      ...flags,
      '--port',
      '0',
    );
    const { io } = board;
    try {
      await waitUntil(() => io.stderr.length > 0);
      const url = /on (http:\/\/127\.0\.0\.1:\d+\/) \(token required\)$/.exec(io.stderr[0] ?? '')?.[1];
      if (url === undefined) throw new Error(`no URL in ${io.stderr[0]}`);
      expect((await fetch(url)).status).toBe(401);
      const page = await fetch(url, {
        headers: { authorization: `Basic ${Buffer.from(`me:${token}`).toString('base64')}` },
      });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>sdwebui queue board</title>');
    } finally {
      expect(await board.stop()).toBe(0);
    }
    expect([...io.stdout, ...io.stderr].join('\n')).not.toContain(token);
    const open = captureIo();
    const args = ['queue', 'dashboard', ...flags, '--host', '0.0.0.0', '--port', '0'];
    expect(await cli.sdwebui({ io: open, untilStopped: async () => {} }, ...args)).toBe(2);
    expect(open.stderr.at(-1)).toBe(
      'error: a dashboard on 0.0.0.0 (not loopback) needs a token: it can cancel and retry jobs',
    );
  });
});

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
