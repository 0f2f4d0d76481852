import { configDefaults, defineConfig } from 'vitest/config';

/** Workers of the anvil project, and so Anvils the global setup starts: two cores, two workers. */
export const ANVIL_WORKERS = 2;

export default defineConfig({
  test: {
    // Pool ids (VITEST_POOL_ID) stay within 1..ANVIL_WORKERS: each id owns one Anvil (fixtures.ts).
    pool: 'forks',
    maxWorkers: ANVIL_WORKERS,
    minWorkers: 1,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/tools/**/*.test.ts', 'test/report/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/report/browser.test.ts'],
        },
      },
      {
        // The report in a real browser: Debian's Chromium (make browser) driven by playwright-core.
        test: {
          name: 'browser',
          include: ['test/report/browser.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'anvil',
          include: ['test/chain/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/keeper/**/*.test.ts', 'test/replay/**/*.test.ts', 'test/fork/**/*.test.ts', 'test/demo/**/*.test.ts'],
          globalSetup: ['test/helpers/globalSetup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
