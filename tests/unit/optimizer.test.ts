// The "Optimize my parameters" job: fitting FSRS-6 parameters with fsrs-rs to
// a simulated learner whose memory follows known, non-default parameters.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { default_w } from 'ts-fsrs';
import { Collection } from '../../electron/core/collection.js';
import { ErrorCode } from '../../electron/core/domain/errors.js';
import { OptimizerJob } from '../../electron/core/jobs/optimizer-job.js';
import type { OptimizerStatus } from '../../electron/core/optimizer/optimizer-types.js';
import { buildBindingItems, cardHistories, countItems, readReviewLog, type ReviewLogRow } from '../../electron/core/optimizer/training-items.js';
import { evaluateParameters } from '../../electron/core/optimizer/evaluate-parameters.js';
import { fitParameters } from '../../electron/core/optimizer/fit-parameters.js';
import { optimizeCommand } from '../../electron/cli/commands/optimize-command.js';
import type { CliContext } from '../../electron/cli/cli-command.js';
import { insertSimulatedHistory, simulateLearner, TRUE_WEIGHTS, type SimulatedHistory } from '../fixtures/simulated-learner.js';
import { databaseOf } from '../helpers/collection-database.js';

let history: SimulatedHistory;
const open: Collection[] = [];

beforeAll(() => {
  history = simulateLearner({ seed: 7, cards: 300, newPerDay: 6, days: 200 });
});

afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

function collectionWith(h: SimulatedHistory | null): Collection {
  const c = Collection.open({ file: ':memory:' });
  open.push(c);
  if (h) insertSimulatedHistory(databaseOf(c), h);
  return c;
}

/** A promise and the function that settles it. */
function signal(): { promise: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const promise = new Promise<void>((resolve) => (fire = resolve));
  return { promise, fire };
}

/** Lets every continuation already queued run (a job's steps after an awaited fit are promise continuations). */
const afterQueuedWork = () => new Promise((resolve) => setImmediate(resolve));

function expectValidParameters(p: number[] | null): asserts p is number[] {
  expect(p).not.toBeNull();
  expect(p).toHaveLength(21);
  for (const x of p!) expect(Number.isFinite(x)).toBe(true);
}

describe('training items', () => {
  const row = (cardId: number, day: number, rating: number, stateBefore: number): ReviewLogRow => ({ cardId, day, rating, stateBefore });

  it('gives one history per card, with day deltas, starting over after a reset and skipping partial histories', () => {
    const histories = cardHistories([
      // card 1: learned on day 10 (two same-day steps), then days 11 and 14
      row(1, 10, 1, 0),
      row(1, 10, 3, 1),
      row(1, 11, 3, 2),
      row(1, 14, 2, 2),
      // card 2: learned, reset, learned again: only the second life counts
      row(2, 5, 3, 0),
      row(2, 9, 3, 2),
      row(2, 20, 4, 0),
      row(2, 23, 3, 2),
      // card 3: its log starts in review (history before the log): skipped
      row(3, 7, 3, 2),
      row(3, 12, 3, 2),
      // card 4: one review only: no item
      row(4, 3, 3, 0),
    ]);
    expect(histories).toEqual([
      [
        { rating: 1, deltaT: 0 },
        { rating: 3, deltaT: 0 },
        { rating: 3, deltaT: 1 },
        { rating: 2, deltaT: 3 },
      ],
      [
        { rating: 4, deltaT: 0 },
        { rating: 3, deltaT: 3 },
      ],
    ]);
    // Card 1 gives items ending at reviews 3 and 4 (the one ending at its same-day step would make fsrs-rs panic), card 2 one.
    expect(countItems(histories)).toEqual({ items: 3, longTerm: 3 });
  });

  it('keeps a run of new-state learning steps together', () => {
    const histories = cardHistories([row(1, 10, 1, 0), row(1, 10, 1, 0), row(1, 10, 3, 0), row(1, 12, 3, 2)]);
    expect(histories[0]!.map((r) => r.deltaT)).toEqual([0, 0, 0, 2]);
  });

  it('leaves cram and manual entries out of the log it reads', () => {
    const c = collectionWith(simulateLearner({ seed: 3, cards: 5, newPerDay: 5, days: 20 }));
    const before = readReviewLog(databaseOf(c)).length;
    databaseOf(c)
      .prepare(
        `INSERT INTO review_log (card_id, reviewed_at, day, rating, state_before, kind, scheduled_days, elapsed_days, duration_ms)
         VALUES (1, 1, 19001, 1, 2, 'cram', 0, 0, 1000), (1, 2, 19002, 3, 2, 'manual', 0, 0, 0)`,
      )
      .run();
    expect(readReviewLog(databaseOf(c))).toHaveLength(before);
  });

  it('builds binding items the evaluator accepts', async () => {
    const c = collectionWith(history);
    const items = (await buildBindingItems(cardHistories(readReviewLog(databaseOf(c))), () => true, 50))!;
    expect(items.longTerm.length).toBeGreaterThan(400);
    expect(items.all.length).toBeGreaterThan(items.longTerm.length);
    for (const item of items.all) expect(item.reviews.some((r) => r.deltaT > 0)).toBe(true);
    for (const item of items.longTerm) expect(item.reviews.at(-1)!.deltaT).toBeGreaterThan(0);
    // The simulated learner follows TRUE_WEIGHTS: they must predict its history better than the defaults.
    expect(evaluateParameters(items.longTerm, TRUE_WEIGHTS).logLoss).toBeLessThan(evaluateParameters(items.longTerm, default_w).logLoss);
  });
});

describe('OptimizerJob', () => {
  it('fits parameters that beat the defaults on the history, and saves them', async () => {
    const c = collectionWith(history);
    const save = vi.spyOn(c, 'updateSettings');
    const seen: OptimizerStatus[] = [];
    const job = new OptimizerJob(c, { onStatus: (s) => seen.push(s) });

    const started = job.start();
    expect(started.state).toBe('running');
    expect(started.reviewsUsed).toBeGreaterThanOrEqual(400);
    // A second start while running starts nothing.
    expect(job.start().state).toBe('running');

    const end = await job.whenSettled();
    expect(end.state, end.message).toBe('done');
    expect(end.code).toBeNull();
    expect(end.progress).toBe(1);
    expectValidParameters(end.parameters);
    expect(end.parameters).not.toEqual([...default_w]);
    for (const e of [end.current!, end.fitted!]) {
      expect(Number.isFinite(e.logLoss)).toBe(true);
      expect(Number.isFinite(e.rmseBins)).toBe(true);
    }
    expect(end.fitted!.logLoss).toBeLessThan(end.current!.logLoss);
    expect(end.fitted!.rmseBins).toBeLessThan(end.current!.rmseBins);
    expect(end.saved).toBe(true);
    expect(save).toHaveBeenCalledTimes(1);
    expect(c.settings.fsrsWeights).toEqual(end.parameters);

    // Progress only goes forward, through the phases in order.
    const progress = seen.filter((s) => s.state === 'running').map((s) => s.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(new Set(seen.map((s) => s.phase).filter(Boolean))).toEqual(new Set(['preparing', 'fitting', 'evaluating']));

    // Run again: the current parameters are now the fitted ones, evaluated on the same history.
    const again = new OptimizerJob(c);
    again.start();
    const second = await again.whenSettled();
    expect(second.state).toBe('done');
    expect(second.current!.logLoss).toBeCloseTo(end.fitted!.logLoss, 6);
  });

  it('keeps the current parameters when the fitted ones are no better', async () => {
    const c = collectionWith(history);
    c.updateSettings({ fsrsWeights: [...TRUE_WEIGHTS] });
    const worse = [...default_w];
    worse[20] = 0.8; // a much steeper forgetting curve
    const job = new OptimizerJob(c, { fit: () => Promise.resolve(worse) });
    job.start();
    const end = await job.whenSettled();
    expect(end.state).toBe('done');
    expect(end.fitted!.logLoss).toBeGreaterThan(end.current!.logLoss);
    expect(end.saved).toBe(false);
    expect(end.message).toMatch(/nothing was changed/);
    expect(c.settings.fsrsWeights).toEqual([...TRUE_WEIGHTS]);
  });

  it('does not overwrite parameters changed while it ran', async () => {
    const c = collectionWith(history);
    const job = new OptimizerJob(c);
    job.start();
    c.updateSettings({ fsrsWeights: [...TRUE_WEIGHTS] });
    const end = await job.whenSettled();
    expect(end.state).toBe('done');
    expect(end.saved).toBe(false);
    expect(c.settings.fsrsWeights).toEqual([...TRUE_WEIGHTS]);
  });

  it('refuses unusable parameters from the fit', async () => {
    const c = collectionWith(history);
    const job = new OptimizerJob(c, { fit: () => Promise.resolve([...default_w].slice(0, 19)) });
    job.start();
    const end = await job.whenSettled();
    expect(end.state).toBe('failed');
    expect(end.code).toBe(ErrorCode.internal);
    expect(c.settings.fsrsWeights).toBeNull();
  });

  it('refuses politely when there is too little history', async () => {
    for (const h of [null, simulateLearner({ seed: 5, cards: 20, newPerDay: 5, days: 30 })]) {
      const c = collectionWith(h);
      const job = new OptimizerJob(c);
      const status = job.start();
      expect(status.state).toBe('failed');
      expect(status.code).toBe(ErrorCode.notEnoughHistory);
      expect(status.reviewsUsed).toBeLessThan(400);
      expect(status.message).toMatch(/at least 400 reviews/);
      expect(job.status()).toEqual(status);
      expect(c.settings.fsrsWeights).toBeNull();
    }
  });

  it('cancels at once, discards whatever the fit returns, and can start again', async () => {
    const c = collectionWith(history);
    // The first fit is held until the job is cancelled, then returns the learner's true parameters anyway (which
    // fit better than the defaults, so a job that kept them would save them): they must be discarded.
    const fitCalled = signal();
    const cancelDone = signal();
    const fitReturned = signal();
    let fits = 0;
    const job = new OptimizerJob(c, {
      fit: async (items, options) => {
        if (++fits > 1) return fitParameters(items, options);
        fitCalled.fire();
        await cancelDone.promise;
        fitReturned.fire();
        return [...TRUE_WEIGHTS];
      },
    });
    expect(job.start().state).toBe('running');
    await fitCalled.promise;
    const cancelled = job.cancel();
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.code).toBe(ErrorCode.cancelled);
    expect(await job.whenSettled()).toEqual(cancelled);
    cancelDone.fire();
    await fitReturned.promise;
    await afterQueuedWork();
    expect(job.status().state).toBe('cancelled');
    expect(c.settings.fsrsWeights).toBeNull();
    expect(job.cancel().state).toBe('cancelled');

    job.start();
    const end = await job.whenSettled();
    expect(end.state).toBe('done');
    expect(end.saved).toBe(true);
  });

  it('interrupts the native fit when cancelled while fitting', async () => {
    const c = collectionWith(history);
    let cancelledWhileFitting = false;
    const fitEnded = signal();
    const job: OptimizerJob = new OptimizerJob(c, {
      fit: async (items, options) => {
        try {
          return await fitParameters(items, options);
        } finally {
          fitEnded.fire();
        }
      },
      pollMs: 1,
      onStatus: (s) => {
        if (s.state === 'running' && s.phase === 'fitting' && s.progress > 0.15 && !cancelledWhileFitting) {
          cancelledWhileFitting = true;
          job.cancel();
        }
      },
    });
    job.start();
    const end = await job.whenSettled();
    expect(cancelledWhileFitting).toBe(true);
    expect(end.state).toBe('cancelled');
    // Whatever the interrupted fit returned (or threw) has been seen by the job by now.
    await fitEnded.promise;
    await afterQueuedWork();
    expect(job.status().state).toBe('cancelled');
    expect(job.status().parameters).toBeNull();
    expect(c.settings.fsrsWeights).toBeNull();
  });

  it('runs one job per collection at a time', async () => {
    const c = collectionWith(history);
    const first = new OptimizerJob(c);
    const second = new OptimizerJob(c);
    first.start();
    const refused = second.start();
    expect(refused.state).toBe('failed');
    expect(refused.code).toBe(ErrorCode.conflict);
    expect((await first.whenSettled()).state).toBe('done');
  });
});

describe('optimize command', () => {
  it('prints both evaluations and the parameters', async () => {
    const c = collectionWith(history);
    const messages: string[] = [];
    const ctx: CliContext = { collection: () => c, dbFile: ':memory:', positionals: [], values: {}, progress: (m) => messages.push(m) };
    const result = await optimizeCommand.run(ctx);
    expect(result.saved).toBe(true);
    expectValidParameters(result.parameters);
    const text = optimizeCommand.format(result);
    expect(text).toMatch(/current\s+0\.\d{4}\s+\d+\.\d{2}%/);
    expect(text).toMatch(/fitted\s+0\.\d{4}\s+\d+\.\d{2}%/);
    expect(text).toMatch(/Saved/);
    expect(messages.some((m) => m.startsWith('Fitting'))).toBe(true);
  });

  it('fails with NOT_ENOUGH_HISTORY on an empty collection', async () => {
    const c = collectionWith(null);
    const ctx: CliContext = { collection: () => c, dbFile: ':memory:', positionals: [], values: {}, progress: () => {} };
    await expect(optimizeCommand.run(ctx)).rejects.toMatchObject({ code: ErrorCode.notEnoughHistory });
  });
});
