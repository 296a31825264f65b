import type { MiddlewareHandler } from 'hono';

/**
 * A misbehaviour injected on matching routes, to test clients against what real deployments
 * do: slow GPUs, proxies that cut connections, servers that fail.
 */
export interface Fault {
  /** `GET /sdapi/v1/samplers`, `/sdapi/v1/*` (any method) or `*`. A trailing `*` matches a prefix. */
  route: string;
  /** Delay before the handler runs, in milliseconds. */
  latencyMs?: number;
  /** Answer with this status and the webui's error body instead of running the handler. */
  status?: number;
  /** Probability (0–1) that `status` (default 500) is returned; default 1 when `status` is set. */
  rate?: number;
  /**
   * `before-headers`: destroy the socket without answering;
   * `mid-body`: send the headers and half the body, then destroy the socket.
   */
  drop?: 'before-headers' | 'mid-body';
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Not authenticated',
  404: 'Not Found',
  413: 'Payload Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Whether a fault's route (`POST /sdapi/v1/txt2img`, `/sdapi/v1/*`, `*`) covers this request. */
export function faultMatches(fault: Fault, method: string, path: string): boolean {
  const [first, second] = fault.route.trim().split(/\s+/);
  const faultMethod = second === undefined ? undefined : first?.toUpperCase();
  const pattern = (second ?? first ?? '*').trim();
  if (faultMethod !== undefined && faultMethod !== method.toUpperCase()) return false;
  if (pattern === '*') return true;
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}

/**
 * Parses the CLI form `ROUTE:key=value,key=value`, e.g.
 * `GET /sdapi/v1/samplers:latency=2000`, `/sdapi/v1/*:status=500,rate=0.1`, `*:drop=mid-body`.
 */
export function parseFault(text: string): Fault {
  const at = text.lastIndexOf(':');
  if (at <= 0) throw new Error(`fault "${text}" must look like ROUTE:key=value[,key=value]`);
  const fault: Fault = { route: text.slice(0, at) };
  for (const pair of text.slice(at + 1).split(',')) {
    const [key, value = ''] = pair.split('=');
    const number = Number(value);
    if (key === 'latency' && Number.isFinite(number) && number >= 0) fault.latencyMs = number;
    else if (key === 'status' && Number.isInteger(number) && number >= 100 && number <= 599) fault.status = number;
    else if (key === 'rate' && number >= 0 && number <= 1) fault.rate = number;
    else if (key === 'drop' && (value === 'before-headers' || value === 'mid-body')) fault.drop = value;
    else
      throw new Error(
        `fault "${text}": unknown or invalid setting "${pair}" (latency=MS, status=CODE, rate=0..1, drop=before-headers|mid-body)`,
      );
  }
  return fault;
}

/** The socket under a Hono request on @hono/node-server, when there is one. */
type NodeBindings = { incoming?: { socket?: { destroy(): void } }; outgoing?: { destroy(): void } };

export function faultMiddleware(faults: readonly Fault[], random: () => number = Math.random): MiddlewareHandler {
  return async (c, next) => {
    const fault = faults.find((candidate) => faultMatches(candidate, c.req.method, c.req.path));
    if (fault === undefined) return next();
    if (fault.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    const env = c.env as NodeBindings | undefined;
    if (fault.drop === 'before-headers') {
      env?.incoming?.socket?.destroy();
      return c.body(null, 500);
    }
    const hits = fault.status !== undefined && random() < (fault.rate ?? 1);
    if (hits) {
      const status = fault.status as number;
      return c.json(
        { error: 'HTTPException', detail: STATUS_TEXT[status] ?? 'Injected fault', body: '', errors: '' },
        status as 500,
      );
    }
    await next();
    if (fault.drop === 'mid-body') {
      const bytes = new Uint8Array(await c.res.arrayBuffer());
      const headers = new Headers(c.res.headers);
      headers.set('content-length', String(bytes.byteLength));
      const half = bytes.subarray(0, Math.floor(bytes.byteLength / 2));
      let sentHalf = false;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (!sentHalf) {
            sentHalf = true;
            controller.enqueue(half);
            return;
          }
          // Give the first chunk time to reach the client, then cut the connection.
          await new Promise((resolve) => setTimeout(resolve, 20));
          if (env?.outgoing) {
            env.outgoing.destroy();
            controller.close();
          } else controller.error(new Error('fault injected: connection dropped mid-body'));
        },
      });
      c.res = new Response(body, { status: c.res.status, headers });
    }
  };
}
