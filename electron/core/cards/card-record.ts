import type { CardContent } from '../domain/types.js';
import type { CardRecord } from '../db/table-rows.js';
import type { MemoryState } from '../scheduling/memory-state.js';

/** A row of the cards table: declared with the other table rows at the storage floor. */
export type { CardRecord };

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
