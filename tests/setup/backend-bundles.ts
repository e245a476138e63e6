import fs from 'node:fs';
import path from 'node:path';
import { build, version as esbuildVersion } from 'esbuild';
import { childImports, nodeEntries } from '../helpers/node-entry.js';
import { stampIsCurrent, writeStamp } from './build-stamp.js';

const root = path.resolve(import.meta.dirname, '..', '..');
/** Two levels below the root, like dist/electron/, so that the bundles find decks/ and dist/renderer/ as the app does. */
export const bundleDir = path.join(root, 'dist', 'test');
const stampFile = path.join(root, 'dist', 'test-bundles.stamp.json');

/**
 * Every worker script of the back end, found where it is started:
 * `startWorker(import.meta.url, 'NAME')` loads NAME beside the module that
 * calls it (`NAME.js` beside the bundle), so each is bundled into the same folder.
 */
function workerEntries(): Record<string, string> {
  const entries: Record<string, string> = {};
  const files = fs.readdirSync(path.join(root, 'electron'), { recursive: true, encoding: 'utf8' });
  for (const file of files.filter((f) => f.endsWith('.ts')).sort()) {
    const text = fs.readFileSync(path.join(root, 'electron', file), 'utf8');
    for (const [, name] of text.matchAll(/startWorker\(import\.meta\.url, '([\w-]+)'/g)) {
      const source = path.join('electron', path.dirname(file), `${name!}.ts`);
      if (entries[name!] && entries[name!] !== source) throw new Error(`two workers named ${name!}: ${entries[name!]} and ${source}`);
      entries[name!] = source;
    }
  }
  if (Object.keys(entries).length === 0) throw new Error('no startWorker(import.meta.url, NAME) call found under electron/');
  return entries;
}

/**
 * Bundles web mode, the CLI, the crash test's child, what inline child scripts
 * import (tests/helpers/child-imports.ts) and every worker into
 * dist/test/ with the app's own esbuild settings (scripts/build-electron.mjs),
 * unless the last bundles were made from the same sources.
 */
export async function buildBackendBundles(): Promise<{ built: boolean; ms: number }> {
  const started = performance.now();
  const entryPoints = { ...nodeEntries, [childImports.name]: childImports.source, ...workerEntries() };
  const settings = JSON.stringify({ esbuildVersion, entryPoints });
  const outputs = Object.keys(entryPoints).map((name) => path.join(bundleDir, `${name}.js`));
  if (stampIsCurrent(stampFile, root, settings, outputs)) return { built: false, ms: performance.now() - started };
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir: bundleDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  writeStamp(stampFile, root, settings, Object.keys(result.metafile.inputs));
  return { built: true, ms: performance.now() - started };
}
