import { fsrs, generatorParameters, type FSRS, type FSRSState } from 'ts-fsrs';
import type { CardStateValue, GradeValue } from '../domain/types.js';

/**
 * Day-by-day forecast of a collection under a schedule: which cards come due
 * each day, whether the learner recalls them (drawn from the FSRS forgetting
 * curve with a seeded generator, or a given one), how their memory changes,
 * and where the schedule puts the next review. The simulator, the exam plan
 * and the exam benchmark all run on it, so what the app predicts is what the
 * benchmark measures.
 *
 * Days are offsets from day 0 (today). Same-day learning steps are answered
 * in a row on the day a card is learned or lapses.
 */
export interface ForecastCard {
  id: number;
  state: CardStateValue;
  stability: number;
  difficulty: number;
  /** Day offset of the last review (≤ 0 for cards already studied); null when new. */
  lastReviewDay: number | null;
  /** Day offset the card is due (≤ 0 = due today). */
  dueDay: number;
  reps: number;
}

export interface NextDueContext {
  cardId: number;
  today: number;
  /** FSRS's interval in days at the desired retention, within the maximum interval. */
  intervalDays: number;
  stability: number;
  reps: number;
  recallAfter: (days: number) => number;
  /** Cards due on a day as planned so far (for load balancing). */
  load: (day: number) => number;
}

/** Where the next review goes; by default today + FSRS's interval. */
export type NextDuePolicy = (context: NextDueContext) => number;

export interface ForecastConfig {
  days: number;
  weights: readonly number[];
  desiredRetention: number;
  maximumIntervalDays: number;
  newPerDay: number;
  reviewsPerDay: number;
  /** Same-day learning steps of a new card, and relearning steps of a lapse (steps under a day). */
  learningSteps: number;
  relearningSteps: number;
  /** Seconds per answer. */
  seconds: { learn: number; review: number; lapse: number };
  /** Chance of Again on a card's very first answer. */
  firstAgain: number;
  /** Uniform draws in [0, 1); a seeded generator makes runs repeatable. */
  random: () => number;
  nextDue?: NextDuePolicy;
  /** A day offset at which to measure recall over every card (an exam morning). */
  recallDay?: number;
  /**
   * Today's own limits, when part of today is already studied: the reviews and
   * new cards today's queue still holds (the plan's first day then matches the
   * Today screen). Later days use `reviewsPerDay` and `newPerDay`.
   */
  firstDay?: { reviews: number; newCards: number };
  onProgress?: (daysDone: number) => void;
}

export interface ForecastDay {
  day: number;
  /** Every answer of the day, learning steps included. */
  reviews: number;
  /** Cards that came due and were reviewed (new cards aside). */
  dueCards: number;
  /** Cards that came due but were left for the next day by the review limit. */
  carried: number;
  newCards: number;
  seconds: number;
  /** Sum of retrievability over every card at the end of the day: Anki's "memorised". */
  memorised: number;
}

export interface ForecastResult {
  days: ForecastDay[];
  totalReviews: number;
  totalSeconds: number;
  /** Mean retrievability over every card (new ones count 0) on the morning of `recallDay`. */
  recallOnDay: number | null;
}

/** Chance of getting a same-day learning step right: a fresh memory, with an occasional slip. */
const stepRecall = 0.92;
/** Most answers a card gets on one day before it is left for tomorrow. */
const maxSameDayAnswers = 8;

interface LiveCard {
  id: number;
  memory: FSRSState | null;
  lastReviewDay: number | null;
  dueDay: number;
  reps: number;
}

export function runForecast(cards: readonly ForecastCard[], config: ForecastConfig): ForecastResult {
  const engine: FSRS = fsrs(
    generatorParameters({
      w: [...config.weights],
      request_retention: config.desiredRetention,
      maximum_interval: config.maximumIntervalDays,
      enable_fuzz: false,
      enable_short_term: true,
    }),
  );
  const { days, random } = config;
  const buckets: LiveCard[][] = Array.from({ length: days + 1 }, () => []);
  const all: LiveCard[] = [];
  const fresh: LiveCard[] = [];
  const place = (card: LiveCard) => (buckets[Math.max(0, Math.min(days, card.dueDay))] as LiveCard[]).push(card);
  for (const c of cards) {
    const live: LiveCard = {
      id: c.id,
      memory: c.state === 0 || c.stability <= 0 ? null : { stability: c.stability, difficulty: c.difficulty },
      lastReviewDay: c.state === 0 ? null : c.lastReviewDay,
      dueDay: c.dueDay,
      reps: c.reps,
    };
    all.push(live);
    if (live.memory === null) fresh.push(live);
    else place(live);
  }
  const recallOf = (card: LiveCard, day: number): number =>
    card.memory === null || card.lastReviewDay === null ? 0 : engine.forgetting_curve(Math.max(0, day - card.lastReviewDay), card.memory.stability);
  const load = (day: number) => (day >= 0 && day <= days ? (buckets[day] as LiveCard[]).length : 0);

  const passGrade = (): GradeValue => {
    const x = random();
    return x < 0.1 ? 2 : x >= 0.9 ? 4 : 3;
  };
  /** Same-day steps after a first answer; returns the answers given. */
  const steps = (card: LiveCard, count: number, firstGrade: GradeValue): number => {
    let answers = 0;
    let step = firstGrade === 1 ? 0 : firstGrade === 4 ? count : Math.min(count, firstGrade === 3 ? 1 : 0);
    while (step < count && answers < maxSameDayAnswers) {
      const grade: GradeValue = random() < stepRecall ? 3 : 1;
      card.memory = engine.next_state(card.memory, 0, grade);
      answers++;
      step = grade === 1 ? 0 : step + 1;
    }
    return answers;
  };
  const schedule = (card: LiveCard, today: number) => {
    const memory = card.memory as FSRSState;
    const intervalDays = Math.min(config.maximumIntervalDays, Math.max(1, engine.next_interval(memory.stability, 0)));
    const recallAfter = (d: number) => engine.forgetting_curve(d, memory.stability);
    const context: NextDueContext = { cardId: card.id, today, intervalDays, stability: memory.stability, reps: card.reps, recallAfter, load };
    card.dueDay = Math.max(today + 1, config.nextDue ? config.nextDue(context) : today + intervalDays);
    card.lastReviewDay = today;
    if (card.dueDay < days) place(card);
  };

  const out: ForecastDay[] = [];
  let introduced = 0;
  let recallOnDay: number | null = null;
  for (let day = 0; day < days; day++) {
    if (config.recallDay === day) recallOnDay = meanRecall(all, (c) => recallOf(c, day));
    const due = buckets[day] as LiveCard[];
    buckets[day] = [];
    // Overdue first, then by id: the order a queue would show them in.
    due.sort((a, b) => a.dueDay - b.dueDay || a.id - b.id);
    const reviewLimit = day === 0 && config.firstDay ? config.firstDay.reviews : config.reviewsPerDay;
    const newLimit = day === 0 && config.firstDay ? config.firstDay.newCards : config.newPerDay;
    const today = due.slice(0, reviewLimit);
    const carried = due.slice(reviewLimit);
    if (day + 1 <= days) (buckets[day + 1] as LiveCard[]).push(...carried);
    let reviews = 0;
    let seconds = 0;
    for (const card of today) {
      const elapsed = Math.max(0, day - (card.lastReviewDay ?? day));
      const recalled = random() < recallOf(card, day);
      const grade: GradeValue = recalled ? passGrade() : 1;
      card.memory = engine.next_state(card.memory, elapsed, grade);
      card.reps++;
      reviews++;
      seconds += recalled ? config.seconds.review : config.seconds.lapse;
      if (!recalled) {
        const more = steps(card, config.relearningSteps, 1);
        reviews += more;
        seconds += more * config.seconds.learn;
      }
      schedule(card, day);
    }
    const newToday = fresh.slice(introduced, introduced + newLimit);
    introduced += newToday.length;
    for (const card of newToday) {
      const grade: GradeValue = random() < config.firstAgain ? 1 : passGrade();
      card.memory = engine.next_state(null, 0, grade);
      const more = steps(card, config.learningSteps, grade);
      card.reps += 1 + more;
      reviews += 1 + more;
      seconds += (1 + more) * config.seconds.learn;
      schedule(card, day);
    }
    let memorised = 0;
    for (const card of all) memorised += recallOf(card, day + 1);
    out.push({ day, reviews, dueCards: today.length, carried: carried.length, newCards: newToday.length, seconds, memorised });
    config.onProgress?.(day + 1);
  }
  if (config.recallDay === days) recallOnDay = meanRecall(all, (c) => recallOf(c, days));
  return {
    days: out,
    totalReviews: out.reduce((a, d) => a + d.reviews, 0),
    totalSeconds: out.reduce((a, d) => a + d.seconds, 0),
    recallOnDay,
  };
}

function meanRecall(cards: readonly LiveCard[], recall: (card: LiveCard) => number): number {
  if (cards.length === 0) return 0;
  let sum = 0;
  for (const c of cards) sum += recall(c);
  return sum / cards.length;
}
