import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the CLI sent, with its JSON body when it had one. */
export interface SeenRequest {
  method: string;
  path: string;
  body: unknown;
}

/**
 * A hostile webui for tests: forwards every request to a real one (the mock), keeps what the CLI
 * sent, and lets the test rewrite the JSON of chosen answers, e.g. seeds that are paths.
 * Loopback, port 0.
 */
export async function createHostileServer(
  upstream: string,
  rewrite: (path: string, body: Record<string, unknown>) => Record<string, unknown> | undefined = () => undefined,
): Promise<{ url: string; requests: SeenRequest[]; close(): Promise<void> }> {
  const requests: SeenRequest[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const sent = Buffer.concat(chunks).toString('utf8');
    let json: unknown;
    try {
      json = sent ? JSON.parse(sent) : undefined;
    } catch {
      json = sent;
    }
    requests.push({ method: request.method ?? 'GET', path: (request.url ?? '/').split('?')[0] as string, body: json });
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(([name]) => name !== 'host' && name !== 'content-length'),
    ) as Record<string, string>;
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
    requests,
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
