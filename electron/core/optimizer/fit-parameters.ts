import { computeParameters, type FSRSBindingItem } from '@open-spaced-repetition/binding';
import { DemarcError, ErrorCode } from '../domain/errors.js';

export interface FitOptions {
  /** Relearning steps in use; fsrs-rs bounds the short-term parameters with it. */
  numRelearningSteps?: number;
  /** Aborting stops the fit: the promise rejects with DemarcError(CANCELLED) at once, the native work stops at its next progress poll. */
  signal?: AbortSignal;
  /** Share of the fit done, 0..1, reported every `pollMs` while the fit runs (not at all for a fit shorter than that). */
  onProgress?: (share: number) => void;
  /** How often the binding polls progress and checks for an abort, in ms. */
  pollMs?: number;
}

/**
 * Fits FSRS-6 parameters with fsrs-rs (the optimizer Anki uses).
 *
 * The binding's computeParameters is a napi AsyncTask: the fit runs on a
 * libuv worker thread and the promise resolves on the main thread, so the
 * event loop stays free. A poller thread calls `progress(current, total)`
 * every `timeout` ms; returning false from it interrupts the fit (the
 * promise then rejects with "compute_parameters failed: Interrupted").
 *
 * Every item must hold at least one review with deltaT > 0: fsrs-rs panics
 * otherwise, which aborts the whole process (buildBindingItems ensures it).
 */
export function fitParameters(items: FSRSBindingItem[], options: FitOptions = {}): Promise<number[]> {
  const { signal, onProgress } = options;
  if (signal?.aborted) return Promise.reject(cancelledError());
  const native = computeParameters(items, {
    enableShortTerm: true,
    ...(options.numRelearningSteps !== undefined ? { numRelearningSteps: options.numRelearningSteps } : {}),
    timeout: options.pollMs ?? 100,
    // Must not throw: it runs as a threadsafe callback from the native poller.
    progress: (current: number, total: number) => {
      if (signal?.aborted) return false;
      try {
        if (total > 0) onProgress?.(Math.min(1, Math.max(0, current / total)));
      } catch {
        // a failing listener must not stop the fit
      }
      return true;
    },
  });
  if (!signal) return native;
  return new Promise<number[]>((resolve, reject) => {
    const onAbort = () => reject(cancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    native.then(
      (parameters) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) reject(cancelledError());
        else resolve(parameters);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(signal.aborted ? cancelledError() : error);
      },
    );
  });
}

function cancelledError(): DemarcError {
  return new DemarcError(ErrorCode.cancelled, 'Optimizing was cancelled.');
}
