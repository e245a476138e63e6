import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..', '..');

/**
 * The programs tests start in processes of their own: web mode, the CLI and
 * the crash test's children. Their bundles are named for the key.
 */
export const nodeEntries = {
  'web-main': 'electron/web/web-main.ts',
  'cli-main': 'electron/cli/cli-main.ts',
  'answer-burst-child': 'tests/integration/answer-burst-child.ts',
  'restore-burst-child': 'tests/integration/restore-burst-child.ts',
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

/** The module that inline child scripts import from, and the name of its bundle. */
export const childImports = { name: 'child-imports', source: 'tests/helpers/child-imports.ts' } as const;

/**
 * How to run an inline ES module script (`node -e`) that imports from
 * tests/helpers/child-imports.ts: `from` is the specifier to import (the
 * bundle when the global setup built it, else the source under tsx) and
 * `args` go before `-e`.
 */
export function inlineScriptRun(): { args: string[]; from: string } {
  const dir = process.env[bundleDirVariable];
  const bundle = dir ? path.join(dir, `${childImports.name}.js`) : null;
  // No --input-type here: worker threads inherit the flag and refuse it with a file (Node 20.19 and later tell a
  // module script given to -e by its syntax). Under tsx workers start from an eval'd bootstrap, which accepts it.
  if (bundle && fs.existsSync(bundle)) return { args: [], from: pathToFileURL(bundle).href };
  return { args: ['--import', 'tsx', '--input-type=module'], from: pathToFileURL(path.join(root, childImports.source)).href };
}
