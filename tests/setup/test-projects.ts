/**
 * The two non-browser projects of vitest.config.ts. `npm test` (and CI) runs
 * every project; `npm run test:fast`, the inner loop, runs 'fast' only, which
 * leaves out the files below: the long proofs, whose size, kill count or
 * other processes are what they prove. Each file is in exactly one project
 * (tests/unit/test-projects.test.ts checks that, and that README.md names
 * exactly these files as what `test:fast` leaves out).
 */
export const slowTestFiles = {
  // Longest first (seconds of wall time in a whole run here): the run starts them first (test-order.ts).
  'tests/integration/crash-safety.test.ts': 'kill loops: dozens of child processes SIGKILLed while answering, backing up, restoring and importing',
  'tests/fuzz/import-fuzz.test.ts': 'fuzz at size: 64 MiB zip bombs, 20 MB fields, a file past the row limit, hostile schemas read in the worker',
  'tests/integration/sync-round-worker.test.ts': "a first sync of another device's 30,000 answers in the sync worker",
  'tests/integration/damaged-database.test.ts': 'other processes holding the lock, opening as another user, a full tmpfs',
  'tests/unit/sync-floods.test.ts': 'a 64 MiB change file of undos through the sync folder',
  'tests/integration/file-faults.test.ts': 'servers killed mid-restore, second servers and CLI processes, 2,000 answers against the WAL bound',
  'tests/integration/sync-long-cards.test.ts': '18 MiB of long cards split over change files of bounded size',
  'tests/integration/collection-lock.test.ts': 'second servers and CLI processes against a held collection',
  'tests/integration/import-while-answering.test.ts': 'a 20,000-row import in a CLI process while the app answers',
  'tests/unit/import-csv-large.test.ts': 'a CSV file of 50,000 rows, more than SQLite binds in one statement',
  'tests/integration/full-disk.test.ts': 'a child process on a 3 MB tmpfs running out of space',
} as const satisfies Record<string, string>;

export const slowTestPaths: string[] = Object.keys(slowTestFiles);

/** Where the non-browser test files live; the browser ones are under tests/e2e/. */
export const nodeTestGlobs = ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/fuzz/**/*.test.ts'];
