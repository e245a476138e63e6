/** Progress and outcome of fitting FSRS parameters; pure types shared with the renderer. */
import type { ErrorCodeValue } from '../domain/errors.js';

/** How well a set of parameters predicts the review history (lower is better for both). */
export interface Evaluation {
  /** Mean binary cross-entropy of predicted recall against actual recall. */
  logLoss: number;
  /** RMSE between predicted and actual recall, over bins of similar reviews (as in Anki). */
  rmseBins: number;
}

/** What a running job is doing; null when it is not running. */
export type OptimizerPhase = 'preparing' | 'fitting' | 'evaluating';

export interface OptimizerStatus {
  state: 'idle' | 'running' | 'done' | 'failed' | 'cancelled';
  phase: OptimizerPhase | null;
  /** 0..1 while running; 1 when done. */
  progress: number;
  /** Reviews that count for fitting and evaluating: made a day or more after the card's previous review. */
  reviewsUsed: number;
  /** The parameters in use when the job started, evaluated on the history. */
  current: Evaluation | null;
  /** The fitted parameters, evaluated on the same history. */
  fitted: Evaluation | null;
  /** The fitted parameters (21 finite numbers), whether or not they were saved. */
  parameters: number[] | null;
  /** True when the fitted parameters were better and have been saved. */
  saved: boolean;
  /** Why the job failed (NOT_ENOUGH_HISTORY, CANCELLED, INTERNAL, …); null otherwise. */
  code: ErrorCodeValue | null;
  /** One sentence for a person. */
  message: string;
}
