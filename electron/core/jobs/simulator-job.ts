import type { Worker } from 'node:worker_threads';
import { startWorker } from '../db/start-worker.js';
import { default_w } from 'ts-fsrs';
import type { Collection } from '../collection.js';
import { studyDay } from '../domain/day-clock.js';
import { readCollectionSnapshot } from '../simulation/forecast-cards.js';
import { runSimulator, simulatorRuns, type SimulatorInput } from '../simulation/simulator-run.js';
import type { SimulatorRequest, SimulatorResult, SimulatorStatus } from '../simulation/simulator-types.js';

export type SimulatorWorkerMessage =
  | { type: 'progress'; fraction: number }
  | { type: 'done'; result: SimulatorResult }
  | { type: 'failed'; message: string };

const idle: SimulatorStatus = { state: 'idle', progress: 0, result: null, message: '' };
/** Below this many card-days (over all its runs) a simulation takes a few milliseconds: it runs in place rather than paying for a thread. */
const inPlaceCardDays = 40_000;

/**
 * "Simulate my collection": the memory states are read here (one query), the
 * days are simulated on a worker thread, and the screen polls status() for
 * progress. Starting again while one runs stops the old run: the newest
 * question is the one the learner wants answered.
 */
export class SimulatorJob {
  private current: SimulatorStatus = { ...idle };
  private worker: Worker | null = null;
  private waiters: ((status: SimulatorStatus) => void)[] = [];

  constructor(private readonly collection: Collection) {}

  status(): SimulatorStatus {
    return { ...this.current };
  }

  whenSettled(): Promise<SimulatorStatus> {
    if (this.current.state !== 'running') return Promise.resolve(this.status());
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  start(request: SimulatorRequest): SimulatorStatus {
    this.stop();
    const c = this.collection;
    const s = c.settings;
    const now = c.now();
    const input: SimulatorInput = {
      request,
      snapshot: c.read((db) => readCollectionSnapshot(db, now, s.rolloverHour, request.deckIds)),
      today: studyDay(now, s.rolloverHour),
      weights: [...(s.fsrsWeights ?? default_w)],
      maximumIntervalDays: s.maximumIntervalDays,
      learningSteps: s.learningSteps,
      relearningSteps: s.relearningSteps,
      fuzz: s.enableFuzz,
      loadBalancer: s.loadBalancer,
      easyDays: s.easyDays,
      seed: 19,
    };
    this.current = { ...idle, state: 'running', message: `Simulating ${input.snapshot.cards.length} cards over ${request.days} days…` };
    if (input.snapshot.cards.length * request.days * simulatorRuns(request) <= inPlaceCardDays) {
      this.finish({ state: 'done', progress: 1, result: runSimulator(input), message: '' });
      return this.status();
    }
    const worker = createWorker(input);
    this.worker = worker;
    worker.on('message', (message: SimulatorWorkerMessage) => {
      if (this.worker !== worker) return;
      if (message.type === 'progress') this.current = { ...this.current, progress: message.fraction };
      else if (message.type === 'done') this.finish({ state: 'done', progress: 1, result: message.result, message: '' });
      else this.finish({ state: 'failed', progress: 0, result: null, message: message.message });
    });
    worker.on('error', (error) => {
      if (this.worker === worker) this.finish({ state: 'failed', progress: 0, result: null, message: error.message });
    });
    worker.on('exit', (code) => {
      if (this.worker === worker && this.current.state === 'running') this.finish({ state: 'failed', progress: 0, result: null, message: `The simulation stopped unexpectedly (exit ${code}).` });
    });
    return this.status();
  }

  /** Stops a running simulation (closing the collection, or a newer request). */
  stop(): void {
    const worker = this.worker;
    this.worker = null;
    if (worker) void worker.terminate();
    if (this.current.state === 'running') this.finish({ ...idle });
  }

  private finish(status: SimulatorStatus): void {
    this.worker = null;
    this.current = status;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w(this.status());
  }
}

function createWorker(input: SimulatorInput): Worker {
  const worker = startWorker(import.meta.url, 'simulator-worker', { workerData: input });
  worker.unref();
  return worker;
}
