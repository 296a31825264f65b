// Reference: the smallest Hono app on @hono/node-server, one route answering with the bytes of FILE
// (what the mock sent), written the fastest way @hono/node-server knows (a byte body, plain
// headers, answered synchronously). What the framework costs with none of the mock's work.
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import './memory.mjs';

const body = readFileSync(process.argv[2]);
const app = new Hono();
app.get('/sdapi/v1/samplers', () => new Response(body, { headers: { 'content-type': 'application/json' } }));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, ({ port }) =>
  process.stdout.write(`http://127.0.0.1:${port}\n`),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
