import type { CardContent, CardKind, CardStateValue, Owner } from '../domain/types.js';
import type { MemoryState } from '../scheduling/memory-state.js';

/** A row of the cards table, exactly as SQLite returns it. */
export interface CardRecord {
  id: number;
  deck_id: string;
  source_deck_id: string;
  key: string;
  note_key: string;
  kind: CardKind;
  content: string;
  owner: Owner | null;
  service: string | null;
  source: string;
  tags: string;
  position: number;
  state: CardStateValue;
  due: number;
  stability: number;
  difficulty: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  last_review: number | null;
  suspended: number;
  buried_day: number;
  retired: number;
  /** When the card was added (ms); null for cards older than this column, which count from their deck's creation. */
  added_at?: number | null;
  /** Anki's flag, 0 none … 4 blue (migration 0008). */
  flag?: number;
}

export const cardColumns = [
  'id', 'deck_id', 'source_deck_id', 'key', 'note_key', 'kind', 'content', 'owner', 'service', 'source', 'tags',
  'position', 'state', 'due', 'stability', 'difficulty', 'scheduled_days', 'learning_steps', 'reps', 'lapses',
  'last_review', 'suspended', 'buried_day', 'retired',
] as const;

export function memoryOf(r: CardRecord): MemoryState {
  return {
    state: r.state,
    due: r.due,
    stability: r.stability,
    difficulty: r.difficulty,
    scheduledDays: r.scheduled_days,
    learningSteps: r.learning_steps,
    reps: r.reps,
    lapses: r.lapses,
    lastReview: r.last_review,
  };
}

export function parseContent(r: Pick<CardRecord, 'content'>): CardContent {
  return JSON.parse(r.content) as CardContent;
}

export function splitTags(tags: string): string[] {
  return tags ? tags.split(' ').filter(Boolean) : [];
}
