import type { CardStateName, ExamReadiness, MasteryHorizon, Owner, ServiceType } from '../domain/types.js';

/** What the Stats screen shows; one report per scope and period. Pure types. */
export const statsPeriods = ['1m', '3m', '1y', 'all'] as const;
export type StatsPeriod = (typeof statsPeriods)[number];

export interface StatsScope {
  deckId?: string | undefined;
  serviceType?: ServiceType | undefined;
}

export interface PassRate {
  passed: number;
  total: number;
}

export interface HistogramBin {
  /** Lower edge of the bin (inclusive). */
  from: number;
  to: number;
  count: number;
}

export interface MatrixCell {
  owner: Owner;
  /** Facts, not cards: the cards of one fact group (or note) in a deck count once. */
  cards: number;
  studied: number;
  /** Mean known value at the report's horizon over every fact of the cell (unseen ones count 0). */
  known: number;
  answered: number;
  right: number;
}

export interface StatsReport {
  scope: StatsScope;
  period: StatsPeriod;
  /** The days the period figures cover (YYYY-MM-DD, both included): the period's, or the custom range asked for. */
  range: { from: string; to: string };
  generatedAt: number;
  /** When the matrix and `memory.knownAtHorizon` measure what is known: the exam morning, or a fixed number of days ahead. */
  horizon: MasteryHorizon;
  /** The headline figures, the same on the screen and in `demarc stats --json`. */
  summary: {
    totalReviews: number;
    reviewsInPeriod: number;
    reviewsToday: number;
    dueToday: number;
    /** True retention over the last 30 days (first answers of the day on review cards), null without any. */
    retention30Days: number | null;
  };
  today: { day: string; reviews: number; timeMs: number; right: number; wrong: number; newCards: number; streakDays: number };
  /** Cards due on each of the next 365 days (index 0 = today, overdue included). */
  futureDue: number[];
  /** Reviews per calendar day over the past year, oldest first. */
  calendar: { day: string; reviews: number }[];
  /** Every day of the period (empty ones included), oldest first; "all" starts at the first review in scope. */
  reviewsPerDay: { day: string; learning: number; review: number; relearning: number; cram: number; manual: number }[];
  cardStates: Record<CardStateName | 'suspended', number>;
  /**
   * First review answer of each card per study day (cram, learning and relearning left out), Again = fail.
   * Young = the card's interval when reviewed was under 21 days. Entries cover the whole period, oldest first:
   * `period` is YYYY-MM-DD for days, the Monday (YYYY-MM-DD) for weeks, YYYY-MM for months.
   */
  trueRetention: {
    desired: number;
    day: { period: string; young: PassRate; mature: PassRate }[];
    week: { period: string; young: PassRate; mature: PassRate }[];
    month: { period: string; young: PassRate; mature: PassRate }[];
    overall: { young: PassRate; mature: PassRate };
  };
  /** Over studied (state > 0), non-retired cards, suspended included. Stability bins double: [0,1), [1,2), [2,4) … [4096, 36500]. */
  memory: {
    stability: HistogramBin[];
    difficulty: HistogramBin[];
    retrievability: HistogramBin[];
    /** Sum of the known value at the horizon over every card: the expected number you would recall then. */
    knownAtHorizon: number;
    studied: number;
  };
  /** Grade counts [again, hard, good, easy] by the card's state when answered. */
  buttons: Record<'learning' | 'young' | 'mature' | 'relearning', [number, number, number, number]>;
  /** Service types with responsibility cards in scope, in `serviceTypes` order; cells for aws, customer, shared. Answers include cram. */
  matrix: { serviceType: ServiceType; cells: MatrixCell[] }[];
  /** The ten responsibility cards answered with a wrong owner most often in the period (cram included), most first. */
  confusions: {
    cardId: number;
    prompt: string;
    service: string | null;
    owner: Owner;
    wrong: number;
    picks: { owner: Owner; count: number }[];
  }[];
  exam: ExamReadiness | null;
}
