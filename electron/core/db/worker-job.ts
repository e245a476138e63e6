import { DemarcError, ErrorCode, isDemarcError } from '../domain/errors.js';
import type { WorkerJobStatus } from '../domain/types.js';
import type { WorkerRun } from './worker-run.js';

/**
 * The status of one kind of worker job (backups, `doctor`) for the screen to
 * poll: one run at a time, a request made while one runs starts after it
 * (a "Back up now" during the daily backup gets a backup of its own), and
 * `stop` ends the running one and any waiting (closing the collection).
 */
export class WorkerJob<R> {
  private current: WorkerJobStatus<R> = { state: 'idle', progress: 0, phase: '', result: null, error: null };
  private running: WorkerRun<R> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;

  status(): WorkerJobStatus<R> {
    return { ...this.current };
  }

  private pending = 0;

  /** Whether a run is under way or waiting (a restore must not swap the file under it). */
  get busy(): boolean {
    return this.pending > 0;
  }

  /** Runs `start` once the previous run has ended; the status follows its reports. */
  run(start: (onProgress: (phase: string, fraction: number) => void) => WorkerRun<R>): Promise<R> {
    this.pending++;
    // Running from now on for a status poll, even while it waits for the one before it.
    if (this.current.state !== 'running') this.current = { state: 'running', progress: 0, phase: 'starting', result: null, error: null };
    const next = this.queue.then(() => this.runNow(start));
    this.queue = next.catch(() => {});
    return next.finally(() => this.pending--);
  }

  private runNow(start: (onProgress: (phase: string, fraction: number) => void) => WorkerRun<R>): Promise<R> {
    if (this.stopped) return Promise.reject(new DemarcError(ErrorCode.cancelled, 'The collection was closed before this could start.'));
    this.current = { state: 'running', progress: 0, phase: 'starting', result: null, error: null };
    const run = start((phase, fraction) => {
      if (this.running === run) this.current = { ...this.current, phase, progress: Math.max(this.current.progress, fraction) };
    });
    this.running = run;
    return run.result.then(
      (result) => {
        this.running = null;
        this.current = { state: 'done', progress: 1, phase: 'done', result, error: null };
        return result;
      },
      (error: unknown) => {
        this.running = null;
        const code = isDemarcError(error) ? error.code : ErrorCode.internal;
        this.current = { ...this.current, state: 'failed', error: { code, message: error instanceof Error ? error.message : String(error) } };
        throw error;
      },
    );
  }

  /** Stops the running job and refuses the waiting ones (the collection is closing). */
  stop(): void {
    this.stopped = true;
    this.running?.stop();
  }
}
