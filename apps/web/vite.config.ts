import { readFile } from 'node:fs/promises';
import { defineConfig } from 'vite';

// The browser mock's Service Worker (`?mock=browser`) is emitted at the site's root, so its scope is the whole app.
// @sdwebui/mock is imported when the worker is needed, not when this file loads: tools that read the config
// (knip, on a fresh clone) must not need the mock built.
const workerSource = async () => readFile((await import('@sdwebui/mock')).BROWSER_MOCK_WORKER);

export default defineConfig({
  build: {
    outDir: 'dist',
    // Only reached for file-path image inputs, which a browser never passes.
    rollupOptions: { external: [/^node:/] },
  },
  plugins: [
    {
      name: 'sdwebui-mock-service-worker',
      async generateBundle() {
        this.emitFile({ type: 'asset', fileName: 'sdwebui-mock-sw.js', source: await workerSource() });
      },
      configureServer(server) {
        server.middlewares.use('/sdwebui-mock-sw.js', (_request, response) => {
          response.setHeader('content-type', 'text/javascript');
          workerSource().then(
            (source) => response.end(source),
            (error: Error) => {
              response.statusCode = 500;
              response.end(`the browser mock's worker is missing (build @sdwebui/mock first): ${error.message}`);
            },
          );
        });
      },
    },
  ],
});
