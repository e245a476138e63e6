import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');

/**
 * The programs tests start in processes of their own: web mode, the CLI and
 * the crash test's child. Their bundles are named for the key.
 */
export const nodeEntries = {
  'web-main': 'electron/web/web-main.ts',
  'cli-main': 'electron/cli/cli-main.ts',
  'answer-burst-child': 'tests/integration/answer-burst-child.ts',
} as const;

export type NodeEntry = keyof typeof nodeEntries;

/** Set by the test run's global setup (tests/setup/global-setup.ts) to the folder of the bundles it built. */
export const bundleDirVariable = 'DEMARC_TEST_BUNDLES';

/**
 * The arguments to `node` that run `entry`. Under vitest the global setup has
 * bundled every entry and worker with esbuild, as scripts/build-electron.mjs
 * bundles the app, so a process starts without compiling the sources again;
 * anywhere else (scripts/screenshots.mts) the source runs under tsx.
 */
export function nodeArgs(entry: NodeEntry): string[] {
  const dir = process.env[bundleDirVariable];
  const bundle = dir ? path.join(dir, `${entry}.js`) : null;
  if (bundle && fs.existsSync(bundle)) return [bundle];
  return ['--import', 'tsx', path.join(root, nodeEntries[entry])];
}
