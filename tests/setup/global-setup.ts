import { bundleDirVariable } from '../helpers/node-entry.js';
import { buildBackendBundles, bundleDir } from './backend-bundles.js';

/**
 * Once per test run, before any test file: the back end's bundles (web mode,
 * the CLI, the crash test's child, the workers), rebuilt only when their
 * sources changed. The variable reaches every test process.
 */
export default async function setup(): Promise<void> {
  await buildBackendBundles();
  process.env[bundleDirVariable] = bundleDir;
}
