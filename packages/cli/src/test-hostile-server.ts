import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A hostile webui for tests: forwards every request to a real one (the mock) and lets the test
 * rewrite the JSON of chosen answers, e.g. seeds that are paths. Loopback, port 0.
 */
export async function createHostileServer(
  upstream: string,
  rewrite: (path: string, body: Record<string, unknown>) => Record<string, unknown> | undefined,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'host' && name !== 'content-length')) as Record<string, string>;
    const answer = await fetch(`${upstream}${request.url}`, {
      method: request.method,
      headers,
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    });
    let text = await answer.text();
    const path = (request.url ?? '/').split('?')[0] as string;
    if (answer.headers.get('content-type')?.includes('json')) {
      const changed = rewrite(path, JSON.parse(text) as Record<string, unknown>);
      if (changed !== undefined) text = JSON.stringify(changed);
    }
    response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
    response.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Replaces `info.all_seeds` (a JSON string inside the body, as the webui sends it). */
export const withSeeds = (seeds: unknown[]) => (path: string, body: Record<string, unknown>) => {
  if (path !== '/sdapi/v1/txt2img' && path !== '/sdapi/v1/img2img') return undefined;
  const info = JSON.parse(String(body.info)) as Record<string, unknown>;
  return { ...body, info: JSON.stringify({ ...info, all_seeds: seeds, seed: seeds[0] }) };
};
