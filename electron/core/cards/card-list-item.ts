import { cardStateNames, type CardListItem } from '../domain/types.js';
import { parseContent, splitTags, type CardRecord } from './card-record.js';

/** A card as the deck browser and search list it: one row, its text and answer flattened. */
export function toListItem(r: CardRecord): CardListItem {
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
  };
}
