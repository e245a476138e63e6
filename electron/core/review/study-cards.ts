import type { StudyCard } from '../domain/types.js';
import { memoryOf, parseContent, splitTags, type CardRecord } from '../cards/card-record.js';
import type { FsrsScheduler } from '../scheduling/fsrs-scheduler.js';

/** A card as the review screen needs it: content plus the interval each grade would give. */
export function toStudyCard(r: CardRecord, deckTitle: string, scheduler: FsrsScheduler, now: number, keepSchedule = false): StudyCard {
  return {
    id: r.id,
    deckId: r.deck_id,
    deckTitle,
    content: parseContent(r),
    source: r.source,
    tags: splitTags(r.tags),
    state: r.state,
    due: r.due,
    previews: keepSchedule
      ? [1, 2, 3, 4].map((g) => ({ grade: g as 1 | 2 | 3 | 4, due: r.due, intervalMs: 0 }))
      : scheduler.previews(memoryOf(r), now, { id: r.id, deckId: r.deck_id }),
  };
}
