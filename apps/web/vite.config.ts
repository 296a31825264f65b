import { readFileSync } from 'node:fs';
import { BROWSER_MOCK_WORKER } from '@sdwebui/mock';
import { defineConfig } from 'vite';

// The browser mock's Service Worker (`?mock=browser`) is emitted at the site's root, so its scope is the whole app.

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
        this.emitFile({ type: 'asset', fileName: 'sdwebui-mock-sw.js', source: readFileSync(BROWSER_MOCK_WORKER) });
      },
      configureServer(server) {
        server.middlewares.use('/sdwebui-mock-sw.js', (_request, response) => {
          response.setHeader('content-type', 'text/javascript');
          response.end(readFileSync(BROWSER_MOCK_WORKER));
        });
      },
    },
  ],
});
