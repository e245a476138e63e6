import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleDirVariable } from '../helpers/node-entry.js';
import { buildBackendBundles, bundleDir } from './backend-bundles.js';

/** Set to the run's temp folder by the first project's setup: the other projects (which inherit this setup) reuse it. */
const runTempVariable = 'DEMARC_TEST_RUN_TEMP';

/**
 * Once per test run, before any test file: the back end's bundles (web mode,
 * the CLI, the crash test's child, the workers), rebuilt only when their
 * sources changed. The variable reaches every test process.
 *
 * And one temp folder for the whole run, removed when it ends: every test
 * process, and every child they start, makes its temp folders in it
 * (os.tmpdir() reads TMPDIR). Collections, sync folders and fixtures that a
 * test file did not remove itself (a whole run left about 110 folders and
 * 590 MB in /tmp) go with it.
 */
export default async function setup(): Promise<() => void> {
  await buildBackendBundles();
  process.env[bundleDirVariable] = bundleDir;
  if (process.env[runTempVariable] !== undefined) return () => {};
  const runTemp = fs.mkdtempSync(path.join(os.tmpdir(), 'demarc-test-run-'));
  // As open as /tmp: the tests that run the app as another user (a file it may not write) reach their files through it.
  fs.chmodSync(runTemp, 0o1777);
  const outerTemp = process.env.TMPDIR;
  process.env.TMPDIR = runTemp;
  process.env[runTempVariable] = runTemp;
  return () => {
    if (outerTemp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outerTemp;
    delete process.env[runTempVariable];
    fs.rmSync(runTemp, { recursive: true, force: true });
  };
}
