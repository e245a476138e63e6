import type { StudyCard } from '../domain/types.js';
import { memoryOf, parseContent, splitTags, type CardRecord } from '../cards/card-record.js';
import { sourceTitleOf } from '../decks/source-titles.js';
import type { FsrsScheduler } from '../scheduling/fsrs-scheduler.js';
import { stableCardNumber } from '../scheduling/card-number.js';
import { choiceDisplayOrder } from './choice-order.js';

/**
 * A card as the review screen needs it: content plus the interval each grade
 * would give, its source as a title, and for choice cards today's option order.
 */
export function toStudyCard(r: CardRecord, deckTitle: string, scheduler: FsrsScheduler, now: number, keepSchedule: boolean, day: number): StudyCard {
  const content = parseContent(r);
  return {
    id: r.id,
    deckId: r.deck_id,
    deckTitle,
    content,
    source: r.source,
    sourceTitle: sourceTitleOf(r.source),
    ...(content.kind === 'choice' ? { optionOrder: choiceDisplayOrder(r.id, day, content.options) } : {}),
    tags: splitTags(r.tags),
    state: r.state,
    due: r.due,
    previews: keepSchedule
      ? [1, 2, 3, 4].map((g) => ({ grade: g as 1 | 2 | 3 | 4, due: r.due, intervalMs: 0 }))
      : scheduler.previews(memoryOf(r), now, { id: stableCardNumber(r.source_deck_id, r.key), deckId: r.deck_id }),
  };
}
