import { defineConfig } from 'vitest/config';

// Every test starts its own redis-server and mock webuis; one file at a time keeps the
// 2-core CI machine from timing out, and each test bounds itself.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 30_000, fileParallelism: false },
});
