// Run as a fresh process by bench-main.ts: one benchmark step over one
// collection file, its metrics as JSON on stdout. A step measured in the
// process that just generated the collection met that generator's heap (at
// 1M reviews 170 MB in use after generating): its garbage collections landed
// in the measured calls. The app never holds such a heap, so every step that
// reads the collection is measured in a process of its own, as the app meets
// it after a start.
import type { Metric } from './bench-stats.js';
import { benchSteps, type BenchStep } from './bench-steps.js';

const [name, file] = process.argv.slice(2);
if (!name || !file || !Object.hasOwn(benchSteps, name)) throw new Error(`usage: step-child.ts <${Object.keys(benchSteps).join('|')}> FILE`);
const log = (message: string) => process.stderr.write(`${message}\n`);
const cpu = process.cpuUsage();
const metrics: Metric[] = await benchSteps[name as BenchStep](file, log);
const used = process.cpuUsage(cpu);
log(`${name}: CPU ${((used.user + used.system) / 1e6).toFixed(1)} s in its own process`);
process.stdout.write(JSON.stringify(metrics));
