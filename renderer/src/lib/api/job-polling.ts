import type { ApiResult } from '../../../../electron/api/wire-types';

type ImportJobStatus = ApiResult<'import.status'>;
type OptimizerStatus = ApiResult<'optimizer.status'>;
type SimulatorStatus = ApiResult<'simulator.status'>;
type SyncStatus = ApiResult<'sync.status'>;
type OpeningStatus = ApiResult<'app.opening'>;
/** The backup and `doctor` jobs share one status shape (WorkerJobStatus), with their own results. */
type WorkerJobStatus = ApiResult<'backups.status'> | ApiResult<'doctor.status'>;

/**
 * One shape for every job the back end runs off the main thread (import,
 * optimizer, simulator, sync round, backup, doctor): whether it runs, how far it is, what
 * it is doing. Each job's own status keeps its results; the screens and the
 * polling helper read this.
 */
export interface JobStatus {
  state: 'idle' | 'running' | 'done' | 'failed' | 'cancelled';
  /** 0..1, or null when the phase has no count. */
  fraction: number | null;
  /** What it is doing now, in the learner's words ("" when idle). */
  phase: string;
  /** Why it failed, or what it found ("" when nothing to say). */
  message: string;
}

/** Each job's status, read as a JobStatus. */
export const jobStatusOf = {
  import: (s: ImportJobStatus): JobStatus => ({ state: s.state, fraction: s.progress, phase: s.phase, message: s.error?.message ?? '' }),
  optimizer: (s: OptimizerStatus): JobStatus => ({ state: s.state, fraction: s.progress, phase: s.phase ?? '', message: s.message }),
  simulator: (s: SimulatorStatus): JobStatus => ({ state: s.state, fraction: s.progress, phase: '', message: s.message }),
  // The opening of the collection (an older one backed up, then upgraded): running until ready.
  opening: (s: OpeningStatus): JobStatus => ({ state: s.state === 'ready' ? 'done' : s.state === 'failed' ? 'failed' : 'running', fraction: s.fraction, phase: s.phase, message: s.message }),
  worker: (s: WorkerJobStatus): JobStatus => ({ state: s.state, fraction: s.progress, phase: s.phase, message: s.error?.message ?? '' }),
  // A sync round has no idle/done of its own: it runs while it reports progress, and failed when it left an error.
  sync: (s: SyncStatus): JobStatus =>
    s.progress
      ? { state: 'running', fraction: s.progress.fraction, phase: s.progress.message, message: '' }
      : { state: s.lastError ? 'failed' : s.lastSyncAt !== null ? 'done' : 'idle', fraction: null, phase: '', message: s.lastError?.message ?? '' },
};

/** Timers, replaceable in tests. */
export interface PollTimers {
  schedule: (run: () => void, ms: number) => () => void;
}

const browserTimers: PollTimers = {
  schedule: (run, ms) => {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
};

export interface PollOptions<S> {
  /** Asks the back end for the job's status. */
  read: () => Promise<S>;
  /** The status as a JobStatus: polling goes on while it is running. */
  view: (status: S) => JobStatus;
  /** Every status read, the last one (no longer running) included. */
  onStatus: (status: S) => void;
  /** A read that failed: polling stops. */
  onError: (error: unknown) => void;
  /** Between the end of one read and the start of the next. */
  intervalMs: number;
  timers?: PollTimers;
}

export interface Poll<S> {
  /** Stops polling (the screen is closed, or a new job starts); a read on its way is ignored. */
  stop: () => void;
  /** Settles with the last status read (null when stopped or failed). */
  finished: Promise<S | null>;
}

/**
 * Follows a job until it stops running: one read at a time (the next is
 * scheduled when the last has answered, so slow replies never pile up),
 * every status handed to `onStatus`. `first` is a status already in hand
 * (the start call's reply): when it is not running, nothing is read.
 */
export function pollJob<S>(options: PollOptions<S>, first?: S): Poll<S> {
  const timers = options.timers ?? browserTimers;
  let stopped = false;
  let cancel: (() => void) | null = null;
  let settle: (status: S | null) => void = () => undefined;
  const finished = new Promise<S | null>((resolve) => (settle = resolve));

  const next = () => {
    cancel = timers.schedule(() => void read(), options.intervalMs);
  };
  const read = async () => {
    cancel = null;
    let status: S;
    try {
      status = await options.read();
    } catch (e) {
      if (stopped) return;
      stopped = true;
      options.onError(e);
      settle(null);
      return;
    }
    if (stopped) return;
    options.onStatus(status);
    if (options.view(status).state === 'running') next();
    else {
      stopped = true;
      settle(status);
    }
  };

  if (first === undefined) void read();
  else if (options.view(first).state === 'running') next();
  else {
    stopped = true;
    settle(first);
  }

  return {
    stop: () => {
      if (stopped) return;
      stopped = true;
      cancel?.();
      settle(null);
    },
    finished,
  };
}
