/**
 * Test-only: a webui that floods. Every request goes to a real one (the mock) except txt2img,
 * which `answer` makes up from the request body: many tiny "PNG"s, an answer larger than the
 * worker reads, an infotext that would fill Redis. Loopback, port 0.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostileBackend {
  url: string;
  /** txt2img requests answered, per queue job (`x-sdwebui-queue-job`). */
  generations: Map<string, number>;
  close(): Promise<void>;
}

export async function startHostileBackend(upstream: string, answer: () => string): Promise<HostileBackend> {
  const generations = new Map<string, number>();
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.method === 'POST' && request.url === '/sdapi/v1/txt2img') {
      const job = String(request.headers['x-sdwebui-queue-job'] ?? '(none)');
      generations.set(job, (generations.get(job) ?? 0) + 1);
      response.writeHead(200, { 'content-type': 'application/json' }).end(answer());
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(([name]) => name !== 'host' && name !== 'content-length'),
    ) as Record<string, string>;
    const forwarded = await fetch(`${upstream}${request.url}`, {
      method: request.method ?? 'GET',
      headers,
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    });
    const body = Buffer.from(await forwarded.arrayBuffer());
    response.writeHead(forwarded.status, { 'content-type': forwarded.headers.get('content-type') ?? 'text/plain' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    generations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
