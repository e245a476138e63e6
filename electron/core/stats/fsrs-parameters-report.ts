import type Database from 'better-sqlite3';
import { effectiveParameters, evaluateParameters } from '../optimizer/evaluate-parameters.js';
import type { Evaluation } from '../optimizer/optimizer-types.js';
import { buildBindingItems, cardHistories, readReviewLog } from '../optimizer/training-items.js';

/** The FSRS parameters in use and how well they predict this collection's own history. */
export interface ParametersReport {
  parameters: number[];
  /** True when they were fitted to this collection (Settings → Optimize), false for the FSRS-6 defaults. */
  fitted: boolean;
  /** Log loss and RMSE(bins) over the reviews made a day or more after the card's previous one; null without any. */
  evaluation: Evaluation | null;
  reviewsEvaluated: number;
}

/** Evaluated with fsrs-rs, as the optimizer does, on the whole review history (cram and manual entries left out). */
export async function parametersReport(db: Database.Database, stored: readonly number[] | null): Promise<ParametersReport> {
  const parameters = effectiveParameters(stored);
  const items = await buildBindingItems(cardHistories(readReviewLog(db)));
  const longTerm = items?.longTerm ?? [];
  return {
    parameters,
    fitted: stored !== null,
    evaluation: longTerm.length > 0 ? evaluateParameters(longTerm, parameters) : null,
    reviewsEvaluated: longTerm.length,
  };
}
