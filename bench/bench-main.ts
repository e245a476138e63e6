// `npm run bench -- [--json]`: every benchmark at 100,000 cards and 1,000,000
// reviews, each against a baseline measured in the same run where one exists.
// `npm run bench -- --size 1m,10m` (any of 1m, 3m, 10m): every screen's path
// at each size (each collection simulated at that size), then a table of how
// each grows and whether it grows linearly or better.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Metric } from './bench-stats.js';
import { benchCards, benchReviews, makeBenchCollection } from './bench-collection.js';
import { answerBench } from './metrics/answer-bench.js';
import { queueStatsBench } from './metrics/queue-stats-bench.js';
import { startupBench } from './metrics/startup-bench.js';
import { rendererSizeBench } from './metrics/renderer-size-bench.js';
import { nextCardBench } from './metrics/next-card-bench.js';
import { optimizeBench } from './metrics/optimize-bench.js';
import { importBench } from './metrics/import-bench.js';
import { searchBench } from './metrics/search-bench.js';
import { syncBench } from './metrics/sync-bench.js';
import { examMetrics, examTable, runExamBench } from './metrics/exam-bench.js';
import { readinessMetrics, readinessTable, runReadinessBench, summariseReadiness } from './metrics/readiness-bench.js';
import { historySplitMetrics, historySplitTable, runHistorySplit } from './metrics/history-split-bench.js';
import { scaleBench } from './metrics/scale-bench.js';
import { statsFirstBench } from './metrics/stats-first-bench.js';
import { jobsBench } from './metrics/jobs-bench.js';
import { benchSizes, isBenchSize, type BenchSize } from './bench-sizes.js';
import { growthTable } from './growth-table.js';

const { values } = parseArgs({ options: { json: { type: 'boolean' }, skip: { type: 'string' }, only: { type: 'string' }, history: { type: 'string' }, size: { type: 'string' } }, strict: true });
const skip = new Set((values.skip ?? '').split(',').filter(Boolean));
const only = values.only ? new Set(values.only.split(',').filter(Boolean)) : null;
const wanted = (name: string) => !skip.has(name) && (!only || only.has(name));
const root = path.resolve(import.meta.dirname, '..');
const results: Metric[] = [];

function report(metrics: Metric[]): void {
  for (const m of metrics) {
    results.push(m);
    if (values.json) process.stdout.write(`${JSON.stringify({ metric: m.metric, value: Number(m.value.toFixed(3)), unit: m.unit })}\n`);
    else process.stdout.write(`${m.metric.padEnd(30)} ${formatValue(m.value, m.unit).padStart(10)} ${m.unit}\n`);
  }
}

function formatValue(v: number, unit: string): string {
  if (unit === 'share') return v.toFixed(3);
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2);
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

const sizes = (values.size ?? '').split(',').filter(Boolean);
for (const s of sizes) if (!isBenchSize(s)) throw new Error(`--size ${s}: use ${Object.keys(benchSizes).join(', ')}`);
if (sizes.length > 0) {
  await runSizes((sizes as BenchSize[]).sort((a, b) => benchSizes[a] - benchSizes[b]));
  process.exit(0);
}

/** Wall-clock and this process's CPU seconds of `run` (the machine may be shared: CPU says what the work itself cost). */
async function timed<T>(run: () => T | Promise<T>): Promise<{ result: T; wallS: number; cpuS: number }> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await run();
  const cpu = process.cpuUsage(cpu0);
  return { result, wallS: (performance.now() - t0) / 1000, cpuS: (cpu.user + cpu.system) / 1e6 };
}

/**
 * The scale run: the benchmark's collection simulated at each size (cards and
 * reviews in the same proportion), every path beside its raw baseline, then
 * the growth table. One size's file is deleted before the next is made.
 */
async function runSizes(list: BenchSize[]): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demarc-bench-'));
  const run = await timed(async () => {
    const bySize = new Map<BenchSize, Metric[]>();
    for (const size of list) {
      const times = benchSizes[size];
      const measured: Metric[] = [];
      const add = (metrics: Metric[]) => {
        measured.push(...metrics);
        report(metrics.map((m) => ({ ...m, metric: `${size}.${m.metric}` })));
      };
      log(`${size}: generating ${(benchCards * times).toLocaleString('en')} cards and ${(benchReviews * times).toLocaleString('en')} reviews…`);
      const made = makeBenchCollection(dir, times);
      log(`${size}: generated in ${(made.generateMs / 1000).toFixed(1)} s (CPU ${(made.generateCpuMs / 1000).toFixed(1)} s)`);
      // The set-up's cost is reported but is not one of the paths the growth table compares.
      report([
        { metric: `${size}.generate_s`, value: made.generateMs / 1000, unit: 's' },
        { metric: `${size}.generate_cpu_s`, value: made.generateCpuMs / 1000, unit: 's' },
      ]);
      add([{ metric: 'file_mb', value: fs.statSync(made.file).size / 1048576, unit: 'MB' }]);
      const steps: [string, () => Metric[] | Promise<Metric[]>][] = [
        ['scale', () => scaleBench(made.file)],
        ['stats-first', () => statsFirstBench(made.file)],
        ['answer', () => answerBench(made.file)],
        ['startup', () => startupBench(made.file)],
      ];
      for (const [name, step] of steps) {
        if (!wanted(name)) continue;
        log(`${size}: running ${name}…`);
        const t = await timed(step);
        log(`${size}: ${name} took ${t.wallS.toFixed(1)} s (CPU ${t.cpuS.toFixed(1)} s)`);
        add(t.result);
      }
      bySize.set(size, measured);
      for (const name of ['answer-ours', 'answer-raw', path.basename(made.file, '.sqlite')]) {
        for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(dir, `${name}.sqlite${suffix}`), { force: true });
      }
    }
    return bySize;
  }).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
  log(`the scale run took ${run.wallS.toFixed(0)} s (CPU of this process ${run.cpuS.toFixed(0)} s)`);
  if (!values.json) process.stdout.write(`\n${growthTable(run.result)}\n`);
}

// The exam-plan comparison simulates learners and needs no collection on disk.
if (wanted('exam')) {
  log('running exam…');
  const runs = runExamBench();
  if (!values.json) process.stdout.write(`${examTable(runs)}\n\n`);
  report(examMetrics(runs));
}

// The readiness benchmark simulates learners too: predicted exam score against the true one.
if (wanted('readiness')) {
  log('running readiness…');
  const summaries = summariseReadiness(runReadinessBench());
  if (!values.json) process.stdout.write(`${readinessTable(summaries)}\n\n`);
  report(readinessMetrics(summaries));
  // A real review history (an Anki collection.anki2, e.g. unpacked from an .apkg), when one is given: not shipped with Demarc.
  const history = values.history ?? process.env.DEMARC_READINESS_HISTORY;
  if (history) {
    const split = await runHistorySplit(path.resolve(history));
    if (!values.json) process.stdout.write(`${historySplitTable(split)}\n\n`);
    report(historySplitMetrics(split));
  } else log('readiness: no review history given (--history FILE): the real-history part is left out');
}

const heavySteps = ['answer', 'queue-stats', 'startup', 'import', 'optimize', 'renderer', 'next-card', 'search', 'sync', 'jobs'];
if (!heavySteps.some(wanted)) process.exit(0);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demarc-bench-'));
try {
  log(`generating ${benchCards.toLocaleString('en')} cards and ${benchReviews.toLocaleString('en')} reviews…`);
  const heavy = makeBenchCollection(dir);
  report([{ metric: 'generate_s', value: heavy.generateMs / 1000, unit: 's' }]);
  const steps: [string, () => Metric[] | Promise<Metric[]>][] = [
    ['answer', () => answerBench(heavy.file)],
    ['queue-stats', () => queueStatsBench(heavy.file)],
    ['startup', () => startupBench(heavy.file)],
    ['import', () => importBench(heavy.file)],
    ['optimize', () => optimizeBench(heavy.file)],
    ['renderer', () => rendererSizeBench(path.join(root, 'dist', 'renderer'))],
    ['next-card', () => nextCardBench(heavy.file)],
    ['search', () => searchBench(heavy.file)],
    ['sync', () => syncBench(heavy.file, log)],
    ['jobs', () => jobsBench(heavy.file)],
  ];
  for (const [name, run] of steps) {
    if (!wanted(name)) continue;
    log(`running ${name}…`);
    report(await run());
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
