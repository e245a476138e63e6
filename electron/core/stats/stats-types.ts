import type { CardStateName, ExamReadiness, Owner, ServiceType } from '../domain/types.js';

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
  cards: number;
  studied: number;
  /** Mean current retrievability over studied cards, null when none was studied. */
  meanRetrievability: number | null;
  answered: number;
  right: number;
}

export interface StatsReport {
  scope: StatsScope;
  period: StatsPeriod;
  generatedAt: number;
  today: { day: string; reviews: number; timeMs: number; right: number; wrong: number; newCards: number; streakDays: number };
  /** Cards due on each of the next 365 days (index 0 = today, overdue included). */
  futureDue: number[];
  /** Reviews per calendar day over the past year, oldest first. */
  calendar: { day: string; reviews: number }[];
  reviewsPerDay: { day: string; learning: number; review: number; relearning: number; cram: number; manual: number }[];
  cardStates: Record<CardStateName | 'suspended', number>;
  trueRetention: {
    desired: number;
    day: { period: string; young: PassRate; mature: PassRate }[];
    week: { period: string; young: PassRate; mature: PassRate }[];
    month: { period: string; young: PassRate; mature: PassRate }[];
    overall: { young: PassRate; mature: PassRate };
  };
  memory: {
    stability: HistogramBin[];
    difficulty: HistogramBin[];
    retrievability: HistogramBin[];
    /** Sum of current retrievability over studied cards: the expected number you would recall now. */
    knownNow: number;
    studied: number;
  };
  /** Grade counts [again, hard, good, easy] by the card's state when answered. */
  buttons: Record<'learning' | 'young' | 'mature' | 'relearning', [number, number, number, number]>;
  matrix: { serviceType: ServiceType; cells: MatrixCell[] }[];
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
