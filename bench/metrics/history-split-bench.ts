import { FSRSBindingItem, FSRSBindingReview } from '@open-spaced-repetition/binding';
import { default_w, fsrs, generatorParameters, type FSRS, type FSRSState } from 'ts-fsrs';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { msPerDay } from '../../electron/core/domain/day-clock.js';
import { evaluateParameters } from '../../electron/core/optimizer/evaluate-parameters.js';
import { fitParameters } from '../../electron/core/optimizer/fit-parameters.js';
import type { Metric } from '../bench-stats.js';

/**
 * The readiness benchmark on a real review history: an Anki collection's
 * revlog (a `collection.anki2`, or the one inside an .apkg, unpacked), split
 * in time. Every answer a day or more after the card's previous one, in the
 * last quarter of the log's time, is predicted from the answers before it;
 * FSRS-6 parameters are fitted (by Demarc's optimizer) on the first three
 * quarters only. Log loss and RMSE(bins) in the srs-benchmark's way, for
 * Demarc's fitted FSRS-6, FSRS-6 with the default parameters and an
 * Anki-SM-2-style baseline (its intervals taken as the 90% point of an
 * exponential curve). Bias is mean predicted recall − mean recall: what a
 * readiness figure built on the model would be off by.
 */

/** The study day starts at 04:00, as Demarc's default rollover. */
const rolloverMs = 4 * 3_600_000;

interface Answer {
  at: number;
  day: number;
  rating: number;
}

export interface HistoryModelResult {
  model: string;
  logLoss: number;
  rmseBins: number;
  /** Mean predicted − mean actual recall on the later answers (0–1). */
  bias: number;
}

export interface HistorySplitResult {
  file: string;
  cards: number;
  answers: number;
  trainAnswers: number;
  testAnswers: number;
  splitAt: number;
  models: HistoryModelResult[];
  /** fsrs-rs' own evaluation of the fitted parameters on the later answers, as a cross-check of ours. */
  fsrsRs: { logLoss: number; rmseBins: number };
}

/** Each card's answers in time order (Anki's ratings 1–4; manual reschedules and ease 0 left out). */
function readAnswers(file: string): Answer[][] {
  const db = openSqliteFile(file, { readonly: true });
  try {
    const rows = db.prepare('SELECT id, cid, ease FROM revlog WHERE ease BETWEEN 1 AND 4 AND type IN (0, 1, 2, 3) ORDER BY cid, id').raw().all() as [number, number, number][];
    const cards: Answer[][] = [];
    let current: Answer[] = [];
    let cid: number | null = null;
    for (const [at, card, rating] of rows) {
      if (card !== cid) {
        if (current.length) cards.push(current);
        current = [];
        cid = card;
      }
      current.push({ at, day: Math.floor((at - rolloverMs) / msPerDay), rating });
    }
    if (current.length) cards.push(current);
    return cards;
  } finally {
    db.close();
  }
}

interface Prediction {
  p: number;
  y: number;
  deltaT: number;
  /** Answers before this one, and lapses among them (for the bins). */
  n: number;
  lapses: number;
}

/** The srs-benchmark's RMSE(bins): predictions grouped by interval, review count and lapses (log-spaced), weighted by the group's size. */
export function rmseBins(predictions: readonly Prediction[]): number {
  const bin = (x: number, a: number, b: number, digits: number) => {
    const v = a * Math.pow(b, Math.floor(Math.log(x) / Math.log(b)));
    return Math.round(v * 10 ** digits) / 10 ** digits;
  };
  const groups = new Map<string, { p: number; y: number; n: number }>();
  for (const q of predictions) {
    const key = `${bin(Math.max(1, q.deltaT), 2.48, 3.62, 2)}|${bin(Math.max(1, q.n), 1.99, 1.89, 0)}|${q.lapses === 0 ? 0 : bin(q.lapses, 1.65, 1.73, 0)}`;
    const g = groups.get(key) ?? { p: 0, y: 0, n: 0 };
    g.p += q.p;
    g.y += q.y;
    g.n++;
    groups.set(key, g);
  }
  let sum = 0;
  let weight = 0;
  for (const g of groups.values()) {
    sum += g.n * ((g.p - g.y) / g.n) ** 2;
    weight += g.n;
  }
  return Math.sqrt(sum / Math.max(1, weight));
}

export function logLoss(predictions: readonly Prediction[]): number {
  let sum = 0;
  for (const q of predictions) {
    const p = Math.min(1 - 1e-4, Math.max(1e-4, q.p));
    sum -= q.y * Math.log(p) + (1 - q.y) * Math.log(1 - p);
  }
  return sum / Math.max(1, predictions.length);
}

/**
 * Replays every card with a model, predicting each answer in the test period
 * that comes a day or more after the previous one: `predict` gets the days
 * since then, `update` takes the answer (same-day answers update too).
 */
function replay<S>(
  cards: readonly Answer[][],
  splitAt: number,
  start: () => S,
  predict: (state: S, deltaT: number) => number,
  update: (state: S, deltaT: number, rating: number, first: boolean) => S,
): Prediction[] {
  const out: Prediction[] = [];
  for (const answers of cards) {
    let state = start();
    let lapses = 0;
    for (let i = 0; i < answers.length; i++) {
      const a = answers[i] as Answer;
      const deltaT = i === 0 ? 0 : a.day - (answers[i - 1] as Answer).day;
      if (i > 0 && deltaT > 0 && a.at >= splitAt) out.push({ p: predict(state, deltaT), y: a.rating > 1 ? 1 : 0, deltaT, n: i, lapses });
      if (i > 0 && a.rating === 1) lapses++;
      state = update(state, deltaT, a.rating, i === 0);
    }
  }
  return out;
}

function fsrsPredictions(cards: readonly Answer[][], splitAt: number, weights: readonly number[]): Prediction[] {
  const f: FSRS = fsrs(generatorParameters({ w: [...weights], enable_fuzz: false, enable_short_term: true }));
  return replay<FSRSState | null>(
    cards,
    splitAt,
    () => null,
    (s, deltaT) => (s ? f.forgetting_curve(deltaT, s.stability) : 0),
    (s, deltaT, rating) => f.next_state(s, deltaT, rating),
  );
}

interface Sm2 {
  interval: number;
  ease: number;
}

/** Anki's SM-2 in outline: a lapse starts over at one day and costs 20% ease, Hard ×1.2, Good × ease, Easy × ease × 1.3; a new card graduates to 1 day (Easy: 4). */
function sm2Predictions(cards: readonly Answer[][], splitAt: number): Prediction[] {
  return replay<Sm2>(
    cards,
    splitAt,
    () => ({ interval: 0, ease: 2.5 }),
    (s, deltaT) => (s.interval > 0 ? Math.pow(0.9, deltaT / s.interval) : 0),
    (s, deltaT, rating, first) => {
      if (first || s.interval === 0) return { interval: rating === 4 ? 4 : 1, ease: 2.5 };
      if (deltaT === 0) return s;
      if (rating === 1) return { interval: 1, ease: Math.max(1.3, s.ease - 0.2) };
      const elapsed = Math.max(s.interval, deltaT);
      if (rating === 2) return { interval: Math.max(s.interval + 1, elapsed * 1.2), ease: Math.max(1.3, s.ease - 0.15) };
      if (rating === 3) return { interval: Math.max(s.interval + 1, elapsed * s.ease), ease: s.ease };
      return { interval: Math.max(s.interval + 1, elapsed * s.ease * 1.3), ease: s.ease + 0.15 };
    },
  );
}

/** The binding's items of each card's answers, the way Demarc's optimizer builds them (training-items.ts): the history up to each answer. */
function bindingItems(cards: readonly Answer[][], keep: (a: Answer, deltaT: number) => boolean): FSRSBindingItem[] {
  const items: FSRSBindingItem[] = [];
  for (const answers of cards) {
    const reviews = answers.map((a, i) => new FSRSBindingReview(a.rating, i === 0 ? 0 : a.day - (answers[i - 1] as Answer).day));
    let seenLongTerm = false;
    for (let i = 1; i < answers.length; i++) {
      const deltaT = reviews[i]!.deltaT;
      seenLongTerm ||= deltaT > 0;
      if (seenLongTerm && keep(answers[i] as Answer, deltaT)) items.push(new FSRSBindingItem(reviews.slice(0, i + 1)));
    }
  }
  return items;
}

export async function runHistorySplit(file: string): Promise<HistorySplitResult> {
  const cards = readAnswers(file);
  const times = cards.flatMap((c) => c.map((a) => a.at)).sort((a, b) => a - b);
  const first = times[0] ?? 0;
  const last = times.at(-1) ?? 0;
  // The last quarter of the log's time is predicted; the rest trains.
  const splitAt = first + Math.round((last - first) * 0.75);
  const before = cards.map((c) => c.filter((a) => a.at < splitAt)).filter((c) => c.length > 1);
  const fitted = await fitParameters(bindingItems(before, () => true), { numRelearningSteps: 1 });
  const test = (c: readonly Answer[][]) => bindingItems(c, (a, deltaT) => deltaT > 0 && a.at >= splitAt);
  const models: [string, Prediction[]][] = [
    ['FSRS-6, fitted on the earlier answers (Demarc after optimizing)', fsrsPredictions(cards, splitAt, fitted)],
    ['FSRS-6, default parameters (Demarc before optimizing)', fsrsPredictions(cards, splitAt, default_w)],
    ['Anki-SM-2-style (interval = 90% point)', sm2Predictions(cards, splitAt)],
  ];
  const testCount = models[0]![1].length;
  return {
    file,
    cards: cards.length,
    answers: times.length,
    trainAnswers: times.filter((t) => t < splitAt).length,
    testAnswers: testCount,
    splitAt,
    models: models.map(([model, predictions]) => ({
      model,
      logLoss: logLoss(predictions),
      rmseBins: rmseBins(predictions),
      bias: predictions.reduce((a, q) => a + q.p - q.y, 0) / Math.max(1, predictions.length),
    })),
    fsrsRs: evaluateParameters(test(cards), fitted),
  };
}

export function historySplitTable(r: HistorySplitResult): string {
  const lines = ['| model | log loss | RMSE(bins) | bias (predicted − actual recall) |', '|---|---:|---:|---:|'];
  for (const m of r.models) lines.push(`| ${m.model} | ${m.logLoss.toFixed(3)} | ${(m.rmseBins * 100).toFixed(1)}% | ${m.bias >= 0 ? '+' : ''}${(m.bias * 100).toFixed(1)} points |`);
  return [
    `${r.cards} cards, ${r.answers} answers; the ${r.testAnswers} answers after ${new Date(r.splitAt).toISOString().slice(0, 10)} (a day or more after the card's previous one) predicted from the ${r.trainAnswers} before.`,
    '',
    ...lines,
    '',
    `fsrs-rs' own evaluation of the fitted parameters on the same answers: log loss ${r.fsrsRs.logLoss.toFixed(3)}, RMSE(bins) ${(r.fsrsRs.rmseBins * 100).toFixed(1)}%.`,
  ].join('\n');
}

export function historySplitMetrics(r: HistorySplitResult): Metric[] {
  const keys = ['fitted', 'default', 'sm2'];
  return r.models.flatMap((m, i) => [
    { metric: `history_${keys[i]}_logloss`, value: m.logLoss, unit: 'nats' },
    { metric: `history_${keys[i]}_rmse_bins`, value: m.rmseBins, unit: 'share' },
    { metric: `history_${keys[i]}_bias`, value: m.bias * 100, unit: 'points' },
  ]);
}
