import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';
import { median, type Metric } from '../bench-stats.js';
import { copyCollection, removeCollectionCopy } from '../bench-collection.js';

/**
 * A cold process: bundle as the app ships, start it, open the heavy collection
 * as the app opens it (built-in decks included), build Today. On a copy: the
 * first start writes the built-in decks into it (untimed, as after an install
 * or an update of a deck), the timed ones find them current.
 */
export async function startupBench(heavyFile: string): Promise<Metric[]> {
  // Inside the repository, so the bundle resolves node_modules as the app does.
  const outfile = path.resolve(import.meta.dirname, '..', '..', 'dist', 'bench', 'startup-child.mjs');
  await build({
    entryPoints: [path.join(import.meta.dirname, '..', 'startup-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    packages: 'external',
    absWorkingDir: path.resolve(import.meta.dirname, '..', '..'),
    logLevel: 'error',
  });
  const file = copyCollection(heavyFile, 'startup');
  const runs: { startupMs: number; rssMb: number }[] = [];
  try {
    for (let i = 0; i <= 5; i++) {
      const out = execFileSync(process.execPath, [outfile, file], { cwd: path.resolve(import.meta.dirname, '..', '..'), encoding: 'utf8' });
      if (i > 0) runs.push(JSON.parse(out) as { startupMs: number; rssMb: number });
    }
  } finally {
    removeCollectionCopy(file);
  }
  return [
    { metric: 'startup_ms', value: median(runs.map((r) => r.startupMs)), unit: 'ms' },
    { metric: 'rss_mb', value: median(runs.map((r) => r.rssMb)), unit: 'MB' },
  ];
}
