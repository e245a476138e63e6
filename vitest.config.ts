import os from 'node:os';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';
import { nodeTestGlobs, slowTestPaths } from './tests/setup/test-projects.js';
import { LongProofsFirst } from './tests/setup/test-order.js';

const root = import.meta.dirname;
const electronDir = path.join(root, 'electron') + path.sep;

/**
 * The back end's own imports of its startWorker module get the test run's
 * stand-in, which runs each worker from the bundle the global setup built (as
 * the app runs dist/electron/NAME.js) instead of compiling its sources in
 * every new thread. See tests/setup/start-built-worker.ts.
 */
function builtWorkers(): Plugin {
  return {
    name: 'demarc-built-workers',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer?.startsWith(electronDir) || !source.endsWith('/start-worker.js')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved?.id.startsWith(electronDir) || path.basename(resolved.id) !== 'start-worker.ts') return null;
      return path.join(root, 'tests', 'setup', 'start-built-worker.ts');
    },
  };
}

export default defineConfig({
  plugins: [builtWorkers()],
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One test file more than there are cores (vitest's default is one fewer: one file on two cores). Much of a
    // file's time is spent waiting on a worker, a child process, Chromium or Syncthing, and each browser file
    // starts a process and web mode before its first test: with two at a time the cores were busy 1.44 of 2
    // on average (whole runs here: 5 min 28 s with two, 4 min 52 s with three, back to back). Each file has its own
    // process, temp folders, ports and collections; the e2e files share only the one Chromium (a browser
    // context each). Tests wait for conditions, so a busier machine makes them slower, never wrong.
    maxWorkers: os.availableParallelism() + 1,
    // e2e tests poll the screen for a condition: on a busy machine a second is too short to see it.
    expect: { poll: { timeout: 10_000 } },
    globalSetup: ['tests/setup/global-setup.ts'],
    // The long proofs first, the short Node files last (tests/setup/test-order.ts).
    sequence: { sequencer: LongProofsFirst },
    projects: [
      {
        extends: true,
        // `npm run test:fast`: everything but the browser and the long proofs (tests/setup/test-projects.ts).
        test: {
          name: 'fast',
          include: nodeTestGlobs,
          exclude: slowTestPaths,
          // Each of the two worker processes keeps its imported modules from one test file to the next, instead
          // of importing the whole back end again for each of the 125 files (which cost more CPU than the tests
          // themselves). Nothing a test file keeps is shared through module state: every file opens its own
          // collections and temp folders, restores what it changes in process.env and the timers it fakes, and
          // the core holds per-connection caches only (keyed by the connection). The only module mock
          // (electron-hardening's 'electron') is of a module nothing else in this project imports.
          isolate: false,
        },
      },
      {
        extends: true,
        // The long proofs (kill loops, fuzz at size, other processes, size-bound floods): run by `npm test`
        // and CI, left out of `npm run test:fast`. Modules kept between files as in 'fast', for the same reasons.
        test: {
          name: 'slow',
          include: slowTestPaths,
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/setup/e2e-global-setup.ts'],
          // Modules kept from one browser file to the next, as in the other projects: a worker process is reused
          // only for a file of its own project (vitest 4's pool compares the project before it reuses a runner),
          // so no Node test's leftovers reach a browser test. Each file starts its own web mode and browser
          // context. The browser files alone: 145 s (144 s of CPU) against 184 s (207 s of CPU) with a fresh
          // process per file, which spent 71 s importing.
          isolate: false,
        },
      },
    ],
  },
});
