// The simulator's worker thread: runs the forecast on plain data sent by simulator-job.ts and reports progress.
import { parentPort, workerData } from 'node:worker_threads';
import { runSimulator, type SimulatorInput } from '../simulation/simulator-run.js';
import type { SimulatorWorkerMessage } from './simulator-job.js';

const post = (message: SimulatorWorkerMessage) => parentPort?.postMessage(message);
try {
  const result = runSimulator(workerData as SimulatorInput, (fraction) => post({ type: 'progress', fraction }));
  post({ type: 'done', result });
} catch (error) {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
