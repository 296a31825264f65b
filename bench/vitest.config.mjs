import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['figures/**/*.test.mjs'], testTimeout: 60_000 },
});
