/** Progress and outcome of fitting FSRS parameters; pure types shared with the renderer. */
export interface Evaluation {
  logLoss: number;
  rmseBins: number;
}

export interface OptimizerStatus {
  state: 'idle' | 'running' | 'done' | 'failed' | 'cancelled';
  /** 0..1 while running. */
  progress: number;
  reviewsUsed: number;
  current: Evaluation | null;
  fitted: Evaluation | null;
  parameters: number[] | null;
  /** True when the fitted parameters were better and have been saved. */
  saved: boolean;
  message: string;
}
