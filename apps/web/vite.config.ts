import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    outDir: 'dist',
    // Only reached for file-path image inputs, which a browser never passes.
    rollupOptions: { external: [/^node:/] },
  },
});
