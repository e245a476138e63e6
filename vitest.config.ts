import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // e2e tests poll the screen for a condition: on a busy machine a second is too short to see it.
    expect: { poll: { timeout: 10_000 } },
  },
});
