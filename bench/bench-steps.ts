import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Metric } from './bench-stats.js';
import { answerBench } from './metrics/answer-bench.js';
import { queueStatsBench } from './metrics/queue-stats-bench.js';
import { nextCardBench } from './metrics/next-card-bench.js';
import { optimizeBench } from './metrics/optimize-bench.js';
import { importBench } from './metrics/import-bench.js';
import { searchBench } from './metrics/search-bench.js';
import { syncBench } from './metrics/sync-bench.js';
import { scaleBench } from './metrics/scale-bench.js';
import { statsFirstBench } from './metrics/stats-first-bench.js';
import { jobsBench } from './metrics/jobs-bench.js';

/** The benchmark steps that read a collection file, each run in a fresh process by `inFreshProcess`. */
export const benchSteps = {
  answer: answerBench,
  'queue-stats': queueStatsBench,
  import: importBench,
  optimize: optimizeBench,
  'next-card': nextCardBench,
  search: searchBench,
  sync: syncBench,
  jobs: jobsBench,
  scale: scaleBench,
  'stats-first': statsFirstBench,
} satisfies Record<string, (file: string, log: (message: string) => void) => Metric[] | Promise<Metric[]>>;

export type BenchStep = keyof typeof benchSteps;

/**
 * Runs one step in a new Node process (with this process's loader flags, so
 * TypeScript runs as it does here): its progress lines on this process's
 * stderr, its metrics back as JSON. See step-child.ts for why.
 */
export function inFreshProcess(step: BenchStep, file: string): Metric[] {
  const out = execFileSync(process.execPath, [...process.execArgv, path.join(import.meta.dirname, 'step-child.ts'), step, file], {
    cwd: path.resolve(import.meta.dirname, '..'),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as Metric[];
}
