import type { CardStateValue } from '../domain/types.js';

/** The FSRS part of a card as stored in the cards table. */
export interface MemoryState {
  state: CardStateValue;
  due: number;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  lastReview: number | null;
}
