import { FSRSBinding, type FSRSBindingItem } from '@open-spaced-repetition/binding';
import { default_w } from 'ts-fsrs';
import type { Evaluation } from './optimizer-types.js';

/** FSRS-6 has 21 parameters. */
export const parameterCount = 21;

/** The parameters the scheduler uses for a stored setting: null means the ts-fsrs defaults. */
export function effectiveParameters(stored: readonly number[] | null): number[] {
  return stored ? [...stored] : [...default_w];
}

export function isValidParameters(value: unknown): value is number[] {
  return Array.isArray(value) && value.length === parameterCount && value.every((x) => typeof x === 'number' && Number.isFinite(x));
}

/** Rounds fitted parameters (f32 from fsrs-rs) to 4 decimals, as Anki shows and stores them. */
export function roundParameters(parameters: readonly number[]): number[] {
  return parameters.map((x) => Math.round(x * 10_000) / 10_000);
}

/**
 * Log loss and RMSE(bins) of `parameters` on `items`, with fsrs-rs' own
 * evaluation. Every item's last review must have deltaT > 0 (the binding
 * throws otherwise): pass BindingItems.longTerm. Synchronous, on the
 * calling thread: about 70 ms for 100,000 reviews.
 */
export function evaluateParameters(items: FSRSBindingItem[], parameters: readonly number[]): Evaluation {
  if (!isValidParameters(parameters)) throw new Error(`expected ${parameterCount} finite parameters, got ${JSON.stringify(parameters)}`);
  const result = new FSRSBinding([...parameters]).evaluate(items);
  const evaluation = { logLoss: result.logLoss, rmseBins: result.rmseBins };
  if (!Number.isFinite(evaluation.logLoss) || !Number.isFinite(evaluation.rmseBins)) {
    throw new Error(`evaluation gave non-finite figures: log loss ${evaluation.logLoss}, RMSE(bins) ${evaluation.rmseBins}`);
  }
  return evaluation;
}
