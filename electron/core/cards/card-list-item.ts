import { msPerDay } from '../domain/day-clock.js';
import { cardStateNames, type CardListItem } from '../domain/types.js';
import type { SearchContext } from '../search/search-sql.js';
import { parseContent, splitTags, type CardRecord } from './card-record.js';

/**
 * A card as the browsers and search list it: one row, its text and answer
 * flattened. With the search's context (its "now" and forgetting curve) it
 * also carries retrievability now, on the curve prop:r and the sort use.
 */
export function toListItem(r: CardRecord, ctx?: SearchContext, editedAt: number | null = null): CardListItem {
  const c = parseContent(r);
  const text = c.kind === 'responsibility' ? c.prompt : c.kind === 'basic' ? c.front : c.question;
  const answer =
    c.kind === 'responsibility' ? c.owner : c.kind === 'basic' ? c.back : c.answer.map((i) => c.options[i]).join('; ');
  return {
    id: r.id,
    deckId: r.deck_id,
    kind: r.kind,
    text,
    answer,
    state: cardStateNames[r.state] ?? 'new',
    suspended: r.suspended === 1,
    due: r.due,
    lapses: r.lapses,
    reps: r.reps,
    tags: splitTags(r.tags),
    task: c.task ?? null,
    flag: r.flag ?? 0,
    interval: r.state > 0 ? r.scheduled_days : null,
    stability: r.state > 0 ? r.stability : null,
    difficulty: r.state > 0 ? r.difficulty : null,
    retrievability: ctx && r.state > 0 && r.stability > 0 && r.last_review !== null
      ? Math.pow(1 + (ctx.factor * Math.max(0, Math.floor((ctx.now - r.last_review) / msPerDay))) / r.stability, ctx.decay)
      : null,
    addedAt: r.added_at ?? null,
    editedAt,
  };
}
