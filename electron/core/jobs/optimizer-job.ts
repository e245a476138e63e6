import type { Collection } from '../collection.js';
import { DemarcError, ErrorCode, isDemarcError } from '../domain/errors.js';
import type { OptimizerStatus } from '../optimizer/optimizer-types.js';
import { buildBindingItems, cardHistories, countItems, type TrainingReview } from '../optimizer/training-items.js';
import { effectiveParameters, evaluateParameters, isValidParameters, roundParameters } from '../optimizer/evaluate-parameters.js';
import { fitParameters } from '../optimizer/fit-parameters.js';

/** Below this many long-term reviews (made a day or more after the card's previous one), fitting is refused. */
export const minimumReviews = 400;

export interface OptimizerJobOptions {
  /** Refuse below this many usable reviews (default 400). */
  minReviews?: number;
  /** Called on every change of status (progress included). */
  onStatus?: (status: OptimizerStatus) => void;
  /** How often the native fit reports progress and checks for cancellation, in ms (default 100). */
  pollMs?: number;
  /** The fitting step, replaceable in tests (default: fsrs-rs through the binding). */
  fit?: typeof fitParameters;
}

const idle: OptimizerStatus = {
  state: 'idle',
  phase: null,
  progress: 0,
  reviewsUsed: 0,
  current: null,
  fitted: null,
  parameters: null,
  saved: false,
  code: null,
  message: '',
};

/** Jobs running per collection, so that two jobs never fit the same collection at once. */
const runningOn = new WeakMap<Collection, OptimizerJob>();

/**
 * "Optimize my parameters": fits FSRS-6 parameters to the collection's own
 * review history with fsrs-rs, and saves them only if they predict that
 * history better (lower log loss) than the parameters in use.
 *
 * - start() reads the log synchronously (to refuse at once when there is too
 *   little history: state 'failed', code NOT_ENOUGH_HISTORY, no throw) and
 *   returns with state 'running'; the rest runs in the background: items are
 *   built in slices between event-loop turns, the fit runs on a native
 *   worker thread, the two evaluations take ~70 ms each per 100k reviews.
 * - start() while running changes nothing and returns the running status.
 * - cancel() stops the fit at its next progress poll, and the status says
 *   'cancelled' at once; whatever the fit returns later is discarded and
 *   nothing is saved.
 * - status(), start() and cancel() return copies, synchronously.
 */
export class OptimizerJob {
  private current: OptimizerStatus = { ...idle };
  private controller: AbortController | null = null;
  private waiters: ((status: OptimizerStatus) => void)[] = [];
  private readonly minReviews: number;

  private reschedule = false;

  constructor(
    private readonly collection: Collection,
    private readonly options: OptimizerJobOptions = {},
  ) {
    this.minReviews = options.minReviews ?? minimumReviews;
  }

  status(): OptimizerStatus {
    return copy(this.current);
  }

  /** Resolves with the status once the job is not running (at once if it is not). */
  whenSettled(): Promise<OptimizerStatus> {
    if (this.current.state !== 'running') return Promise.resolve(this.status());
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** `reschedule`: whether saving fitted parameters schedules the studied cards again (default: their due dates stay). */
  start(options: { reschedule?: boolean } = {}): OptimizerStatus {
    this.collection.assertWritable();
    this.reschedule = options.reschedule ?? false;
    if (this.current.state === 'running') return this.status();
    const other = runningOn.get(this.collection);
    if (other && other !== this && other.current.state === 'running') {
      return this.finish({ ...idle, state: 'failed', code: ErrorCode.conflict, message: 'Parameters are already being optimized for this collection.' });
    }

    let histories: TrainingReview[][];
    try {
      histories = cardHistories(this.collection.reviewLog());
    } catch (error) {
      return this.finish(failure(error));
    }
    const { longTerm } = countItems(histories);
    if (longTerm < this.minReviews) {
      return this.finish({
        ...idle,
        state: 'failed',
        reviewsUsed: longTerm,
        code: ErrorCode.notEnoughHistory,
        message:
          `Optimizing needs at least ${this.minReviews} reviews made a day or more after the card's previous review; ` +
          `this collection has ${longTerm}. Keep studying and try again later: until then the default parameters serve well.`,
      });
    }

    const controller = new AbortController();
    this.controller = controller;
    runningOn.set(this.collection, this);
    this.set({ ...idle, state: 'running', phase: 'preparing', progress: 0.05, reviewsUsed: longTerm, message: `Preparing ${longTerm} reviews…` });
    const started = this.status();
    void this.run(histories, controller).catch((error: unknown) => {
      if (this.controller === controller && !controller.signal.aborted) this.finish({ ...failure(error), reviewsUsed: this.current.reviewsUsed });
    });
    return started;
  }

  cancel(): OptimizerStatus {
    if (this.current.state !== 'running' || !this.controller) return this.status();
    this.controller.abort();
    return this.finish({
      ...this.current,
      state: 'cancelled',
      phase: null,
      current: null,
      fitted: null,
      parameters: null,
      saved: false,
      code: ErrorCode.cancelled,
      message: 'Optimizing was cancelled; nothing was changed.',
    });
  }

  private async run(histories: TrainingReview[][], controller: AbortController): Promise<void> {
    const { signal } = controller;
    const live = () => this.controller === controller && !signal.aborted;
    const settings = this.collection.settings;
    const currentParameters = effectiveParameters(settings.fsrsWeights);

    const items = await buildBindingItems(histories, (share) => {
      if (live()) this.set({ ...this.current, progress: this.forward(0.05 + 0.1 * share) });
      return live();
    });
    if (!items || !live()) return;

    this.set({ ...this.current, phase: 'fitting', progress: this.forward(0.15), message: 'Fitting parameters to your history…' });
    const fit = this.options.fit ?? fitParameters;
    const raw = await fit(items.all, {
      signal,
      numRelearningSteps: settings.relearningSteps.length,
      pollMs: this.options.pollMs ?? 100,
      onProgress: (share) => {
        if (live()) this.set({ ...this.current, progress: this.forward(0.15 + 0.75 * share) });
      },
    });
    if (!live()) return;
    const parameters = roundParameters(raw);
    if (!isValidParameters(parameters)) {
      throw new DemarcError(ErrorCode.internal, `The optimizer returned unusable parameters (${raw.length} values, expected 21 finite numbers); nothing was changed.`);
    }

    this.set({ ...this.current, phase: 'evaluating', progress: 0.9, parameters, message: 'Comparing the new parameters with the current ones…' });
    await nextTurn();
    if (!live()) return;
    const current = evaluateParameters(items.longTerm, currentParameters);
    this.set({ ...this.current, progress: 0.95, current });
    await nextTurn();
    if (!live()) return;
    const fitted = evaluateParameters(items.longTerm, parameters);

    // No await between these checks and the save: a cancel or a settings change cannot slip in.
    if (!live()) return;
    const better = fitted.logLoss < current.logLoss;
    const changedMeanwhile = JSON.stringify(this.collection.settings.fsrsWeights) !== JSON.stringify(settings.fsrsWeights);
    const save = better && !changedMeanwhile;
    if (save) this.collection.updateSettings({ fsrsWeights: parameters }, { reschedule: this.reschedule });
    this.finish({
      ...this.current,
      state: 'done',
      phase: null,
      progress: 1,
      fitted,
      saved: save,
      message: save
        ? `New parameters saved: log loss ${current.logLoss.toFixed(4)} → ${fitted.logLoss.toFixed(4)}, RMSE(bins) ${percent(current.rmseBins)} → ${percent(fitted.rmseBins)}.`
        : better
          ? 'Your parameters were changed while optimizing, so the fitted ones were not saved; optimize again to compare with the new ones.'
          : `Your current parameters already fit your history at least as well (log loss ${current.logLoss.toFixed(4)} against ${fitted.logLoss.toFixed(4)}); nothing was changed.`,
    });
  }

  /** Progress never goes back, and reads as a round figure. */
  private forward(progress: number): number {
    return Math.max(this.current.progress, Math.round(progress * 1000) / 1000);
  }

  private set(status: OptimizerStatus): void {
    this.current = status;
    try {
      this.options.onStatus?.(copy(status));
    } catch {
      // a failing listener must not break the job
    }
  }

  /** Moves to a final state and wakes whoever waits for it. */
  private finish(status: OptimizerStatus): OptimizerStatus {
    this.controller = null;
    if (runningOn.get(this.collection) === this) runningOn.delete(this.collection);
    this.set(status);
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve(this.status());
    return this.status();
  }
}

function failure(error: unknown): OptimizerStatus {
  const code = isDemarcError(error) ? error.code : ErrorCode.internal;
  const reason = error instanceof Error ? error.message : String(error);
  return { ...idle, state: 'failed', code, message: isDemarcError(error) ? reason : `Optimizing failed: ${reason}. Nothing was changed.` };
}

function copy(status: OptimizerStatus): OptimizerStatus {
  return {
    ...status,
    current: status.current && { ...status.current },
    fitted: status.fitted && { ...status.fitted },
    parameters: status.parameters && [...status.parameters],
  };
}

function percent(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
