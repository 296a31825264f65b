// `pnpm web`: the mock webui (with CORS for this page) and the Vite dev server, together.
import { createMockServer } from '@sdwebui/mock';
import { createServer } from 'vite';

const port = Number(process.env.PORT ?? 5173);
const origin = `http://127.0.0.1:${port}`;
const mock = await createMockServer({
  port: Number(process.env.MOCK_PORT ?? 7860),
  stepMs: 100,
  corsAllowOrigins: [origin],
});
const vite = await createServer({
  root: new URL('..', import.meta.url).pathname,
  server: { host: '127.0.0.1', port, strictPort: true },
});
await vite.listen();
console.log(`mock webui: ${mock.url}\nweb app:    ${origin}/?webui=${encodeURIComponent(mock.url)}`);
process.on('SIGINT', async () => {
  await vite.close();
  await mock.close();
  process.exit(0);
});
