import { defineConfig } from 'vitest/config';

export default defineConfig({
  // --expose-gc: the soak test measures memory after collecting garbage.
  test: { include: ['src/**/*.test.ts'], testTimeout: 20_000, execArgv: ['--expose-gc'] },
});
