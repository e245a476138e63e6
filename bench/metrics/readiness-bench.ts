import { clipParameters, default_w, fsrs, generatorParameters, type FSRS, type FSRSState } from 'ts-fsrs';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { msPerDay } from '../../electron/core/domain/day-clock.js';
import { SeededRandom } from '../../electron/core/domain/seeded-random.js';
import { failedTodayCte, knownParams, knownSql } from '../../electron/core/mastery/known-sql.js';
import { guessRate } from '../../electron/core/practice/practice-items.js';
import type { Metric } from '../bench-stats.js';

/**
 * The readiness benchmark: is the exam score Demarc predicts the score the
 * learner gets? Simulated learners whose true forgetting curves are known:
 * each draws FSRS-6 parameters of their own (initial stabilities, growth,
 * forgetting, the curve's decay), and each card its own ease on top. Demarc
 * does not know them: it schedules and predicts with the default FSRS-6
 * parameters (what every learner has until the optimizer has enough reviews),
 * from the ratings alone, exactly as the app would. On the exam morning the
 * prediction is the practice exam's (README, "The predicted score"): per
 * question p = R + (1 − R) × guess, R the card's known value by Demarc's own
 * SQL (mastery/known-sql.ts); the truth is the same sum with the learner's
 * true recall. Two moments: the morning of the exam after studying up to it,
 * and two weeks or a month before it for a learner who then stops ("if you
 * stopped studying today"). Exams lie 45 or 90 days after the first card.
 */

export const readinessBenchSeed = 26;
const learnerCount = 120;
const cardCount = 200;
const examQuestions = 65;
const desiredRetention = 0.9;
/** The exam morning: the study day starts at 04:00; reviews happen at noon. */
const rolloverMs = 4 * 3_600_000;
const reviewMs = 12 * 3_600_000;

export interface ReadinessScenario {
  name: string;
  /** Days before the exam at which the learner stops studying and Demarc predicts. */
  stopBefore: number;
}

export const readinessScenarios: readonly ReadinessScenario[] = [
  { name: 'exam morning', stopBefore: 0 },
  { name: '14 days before, then no study', stopBefore: 14 },
  { name: '30 days before, then no study', stopBefore: 30 },
];

export interface ReadinessRun {
  scenario: string;
  learner: number;
  examDay: number;
  decay: number;
  /** Predicted exam score (0–1): Demarc's model, default parameters. */
  predicted: number;
  /** The learner's expected score from their true recall (0–1). */
  actual: number;
  /** One sitting of the exam drawn from the true recall (0–1): what the learner would see. */
  sat: number;
  /** Demarc's known value over every card against the true mean recall (exam readiness, "if you stopped"). */
  knownPredicted: number;
  knownActual: number;
}

/** A standard normal draw (Box–Muller). */
function normal(rng: SeededRandom): number {
  const u = Math.max(1e-12, rng.next());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** A learner's true FSRS-6 parameters: the defaults, each part moved as learners differ (clipped to FSRS's bounds). */
export function drawLearnerWeights(rng: SeededRandom): number[] {
  const w = [...default_w];
  const initial = [0, 1, 2, 3].map((i) => (w[i] as number) * Math.exp(0.6 * normal(rng))).sort((a, b) => a - b);
  initial.forEach((s, i) => (w[i] = s));
  w[4] = (w[4] as number) + 0.8 * normal(rng);
  w[8] = (w[8] as number) + 0.4 * normal(rng);
  w[9] = (w[9] as number) * Math.exp(0.3 * normal(rng));
  w[10] = (w[10] as number) * Math.exp(0.3 * normal(rng));
  w[11] = (w[11] as number) * Math.exp(0.3 * normal(rng));
  w[20] = Math.min(0.8, Math.max(0.1, 0.2 * Math.exp(0.45 * normal(rng))));
  return clipParameters(w, 1, true);
}

interface SimCard {
  id: number;
  /** The learner's true memory, and Demarc's estimate of it from the same ratings. */
  truth: FSRSState | null;
  model: FSRSState | null;
  /** This card's ease for this learner: multiplies the true stability (Demarc cannot see it). */
  ease: number;
  lastDay: number | null;
  dueDay: number;
  /** Choose-N items are harder to guess: a fifth of the questions are "Choose two" of five. */
  guess: number;
}

const single = guessRate({ kind: 'choice', question: '', options: ['a', 'b', 'c', 'd'], answer: [0], explanation: '' });
const chooseTwo = guessRate({ kind: 'choice', question: '', options: ['a', 'b', 'c', 'd', 'e'], answer: [0, 1], explanation: '' });

function recall(f: FSRS, state: FSRSState, elapsedDays: number, ease = 1): number {
  return f.forgetting_curve(Math.max(0, elapsedDays), state.stability * ease);
}

/** One learner: study until `stopDay`, then Demarc's prediction at the exam morning against the truth. */
export function runReadinessLearner(scenario: ReadinessScenario, learner: number, seed = readinessBenchSeed): ReadinessRun {
  const rng = SeededRandom.stream(seed, `readiness-learner-${learner}`);
  const trueWeights = drawLearnerWeights(rng);
  const truth = fsrs(generatorParameters({ w: trueWeights, enable_fuzz: false, enable_short_term: true }));
  const modelWeights = [...default_w];
  const model = fsrs(generatorParameters({ w: modelWeights, request_retention: desiredRetention, enable_fuzz: false, enable_short_term: true }));
  const examDay = rng.chance(0.5) ? 45 : 90;
  const stopDay = examDay - scenario.stopBefore;
  // Every card is met in the first 70% of the weeks before the exam (before the stop).
  const newPerDay = Math.ceil(cardCount / Math.max(1, Math.floor(stopDay * 0.7)));
  const firstAgain = rng.between(0.1, 0.35);
  const cards: SimCard[] = Array.from({ length: cardCount }, (_, i) => ({
    id: i + 1,
    truth: null,
    model: null,
    ease: Math.exp(0.35 * normal(rng)),
    lastDay: null,
    dueDay: 0,
    guess: i % 5 === 4 ? chooseTwo : single,
  }));
  let introduced = 0;
  const answer = (card: SimCard, day: number, grade: number) => {
    const elapsed = card.lastDay === null ? 0 : day - card.lastDay;
    card.truth = truth.next_state(card.truth, elapsed, grade);
    card.model = model.next_state(card.model, elapsed, grade);
    card.lastDay = day;
    // Demarc schedules from its own estimate; a lapse comes back the next day.
    card.dueDay = day + (grade === 1 ? 1 : Math.max(1, model.next_interval(card.model.stability, 0)));
  };
  for (let day = 0; day < stopDay; day++) {
    for (const card of cards) {
      if (card.lastDay === null || card.dueDay > day || card.truth === null) continue;
      const recalled = rng.chance(recall(truth, card.truth, day - card.lastDay, card.ease));
      answer(card, day, recalled ? (rng.chance(0.1) ? 2 : rng.chance(0.08) ? 4 : 3) : 1);
    }
    for (let n = 0; n < newPerDay && introduced < cardCount; n++) {
      const card = cards[introduced++] as SimCard;
      answer(card, day, rng.chance(firstAgain) ? 1 : 3);
    }
  }

  // Demarc's prediction, by its own SQL of "known" over the cards as the app stores them.
  const db = openSqliteFile(':memory:');
  let known: Map<number, number>;
  try {
    db.exec(`CREATE TABLE cards (id INTEGER PRIMARY KEY, state INTEGER NOT NULL, stability REAL NOT NULL, last_review INTEGER);
             CREATE TABLE review_log (id INTEGER PRIMARY KEY, card_id INTEGER NOT NULL, rating INTEGER NOT NULL, correct INTEGER, reviewed_at INTEGER NOT NULL, day INTEGER NOT NULL);`);
    const insert = db.prepare('INSERT INTO cards (id, state, stability, last_review) VALUES (?, ?, ?, ?)');
    for (const c of cards) insert.run(c.id, c.model ? 2 : 0, c.model?.stability ?? 0, c.lastDay === null ? null : c.lastDay * msPerDay + reviewMs);
    const horizonAt = examDay * msPerDay + rolloverMs;
    const rows = db.prepare(`WITH ${failedTodayCte} SELECT id, ${knownSql()} AS known FROM cards`).all(knownParams(modelWeights, horizonAt, stopDay)) as { id: number; known: number }[];
    known = new Map(rows.map((r) => [r.id, r.known]));
  } finally {
    db.close();
  }
  const trueRecall = (c: SimCard) => (c.truth === null || c.lastDay === null ? 0 : recall(truth, c.truth, examDay + rolloverMs / msPerDay - (c.lastDay + reviewMs / msPerDay), c.ease));

  // The exam: 65 questions, one card each, drawn without replacement.
  const pool = [...cards];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [pool[i], pool[j]] = [pool[j] as SimCard, pool[i] as SimCard];
  }
  const questions = pool.slice(0, examQuestions);
  let predicted = 0;
  let actual = 0;
  let sat = 0;
  for (const q of questions) {
    const r = known.get(q.id) ?? 0;
    const t = trueRecall(q);
    predicted += r + (1 - r) * q.guess;
    actual += t + (1 - t) * q.guess;
    if (rng.chance(t) || rng.chance(q.guess)) sat++;
  }
  const mean = (f: (c: SimCard) => number) => cards.reduce((a, c) => a + f(c), 0) / cards.length;
  return {
    scenario: scenario.name,
    learner,
    examDay,
    decay: trueWeights[20] as number,
    predicted: predicted / questions.length,
    actual: actual / questions.length,
    sat: sat / questions.length,
    knownPredicted: mean((c) => known.get(c.id) ?? 0),
    knownActual: mean(trueRecall),
  };
}

export function runReadinessBench(seed = readinessBenchSeed, learners = learnerCount): ReadinessRun[] {
  const runs: ReadinessRun[] = [];
  for (const scenario of readinessScenarios) for (let l = 0; l < learners; l++) runs.push(runReadinessLearner(scenario, l, seed));
  return runs;
}

export interface ReadinessSummary {
  scenario: string;
  learners: number;
  predicted: number;
  actual: number;
  /** Mean |predicted − actual| and mean (predicted − actual), in score points (0–100). */
  mae: number;
  bias: number;
  /** The same against one drawn sitting of 65 questions (adds the exam's own luck). */
  satMae: number;
  satBias: number;
  withinFive: number;
  knownMae: number;
  knownBias: number;
}

export function summariseReadiness(runs: readonly ReadinessRun[]): ReadinessSummary[] {
  return readinessScenarios.map((s) => {
    const mine = runs.filter((r) => r.scenario === s.name);
    const avg = (f: (r: ReadinessRun) => number) => mine.reduce((a, r) => a + f(r), 0) / mine.length;
    return {
      scenario: s.name,
      learners: mine.length,
      predicted: avg((r) => r.predicted) * 100,
      actual: avg((r) => r.actual) * 100,
      mae: avg((r) => Math.abs(r.predicted - r.actual)) * 100,
      bias: avg((r) => r.predicted - r.actual) * 100,
      satMae: avg((r) => Math.abs(r.predicted - r.sat)) * 100,
      satBias: avg((r) => r.predicted - r.sat) * 100,
      withinFive: avg((r) => (Math.abs(r.predicted - r.actual) <= 0.05 ? 1 : 0)),
      knownMae: avg((r) => Math.abs(r.knownPredicted - r.knownActual)) * 100,
      knownBias: avg((r) => r.knownPredicted - r.knownActual) * 100,
    };
  });
}

export function readinessMetrics(summaries: readonly ReadinessSummary[]): Metric[] {
  return summaries.flatMap((s) => {
    const key = s.scenario.startsWith('exam') ? 'morning' : `stopped${s.scenario.slice(0, 2)}`;
    return [
      { metric: `readiness_${key}_mae`, value: s.mae, unit: 'points' },
      { metric: `readiness_${key}_bias`, value: s.bias, unit: 'points' },
      { metric: `readiness_${key}_sat_mae`, value: s.satMae, unit: 'points' },
      { metric: `readiness_${key}_known_mae`, value: s.knownMae, unit: 'points' },
    ];
  });
}

export function readinessTable(summaries: readonly ReadinessSummary[]): string {
  const lines = [
    '| prediction made | learners | predicted score | true score | MAE | bias | within 5 points | MAE vs one sitting | bias vs one sitting | known: MAE | known: bias |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const p = (x: number) => x.toFixed(1);
  const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;
  for (const s of summaries)
    lines.push(
      `| ${s.scenario} | ${s.learners} | ${p(s.predicted)}% | ${p(s.actual)}% | ${p(s.mae)} | ${signed(s.bias)} | ${Math.round(s.withinFive * 100)}% | ${p(s.satMae)} | ${signed(s.satBias)} | ${p(s.knownMae)} | ${signed(s.knownBias)} |`,
    );
  return lines.join('\n');
}
