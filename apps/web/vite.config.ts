import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig } from 'vite';

/** The browser mock's Service Worker (`?mock=browser`), emitted at the site's root so its scope is the whole app. */
const MOCK_WORKER = createRequire(import.meta.url).resolve('@sdwebui/mock/browser/service-worker.js');

export default defineConfig({
  build: {
    outDir: 'dist',
    // Only reached for file-path image inputs, which a browser never passes.
    rollupOptions: { external: [/^node:/] },
  },
  plugins: [
    {
      name: 'sdwebui-mock-service-worker',
      generateBundle() {
        this.emitFile({ type: 'asset', fileName: 'sdwebui-mock-sw.js', source: readFileSync(MOCK_WORKER) });
      },
      configureServer(server) {
        server.middlewares.use('/sdwebui-mock-sw.js', (_request, response) => {
          response.setHeader('content-type', 'text/javascript');
          response.end(readFileSync(MOCK_WORKER));
        });
      },
    },
  ],
});
