import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start one Anvil per worker; two cores, two workers.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
