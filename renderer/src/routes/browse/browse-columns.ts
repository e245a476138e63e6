import type { BrowseColumn, CardListItem } from '../../../../electron/api/wire-types';
import { formatInterval, formatWhen } from '../../lib/format/format-interval';
import type { CardColumn } from '../../lib/state/card-list';

/** Every column Browse can show beside the card, in the order offered (the back end's `browseColumns`). */
export const browseColumnList: readonly { id: BrowseColumn; label: string; width: string; numeric?: boolean; title?: string }[] = [
  { id: 'deck', label: 'Deck', width: 'minmax(5rem, 1.4fr)' },
  { id: 'type', label: 'Type', width: '6.6rem' },
  { id: 'due', label: 'Due', width: '6rem' },
  { id: 'interval', label: 'Interval', width: '5.4rem', numeric: true },
  { id: 'stability', label: 'Stability', width: '5.6rem', numeric: true, title: 'FSRS stability: days until recall falls to 90%' },
  { id: 'difficulty', label: 'Difficulty', width: '5.9rem', numeric: true, title: 'FSRS difficulty, 1 (easy) to 10 (hard)' },
  { id: 'retrievability', label: 'Recall', width: '4.6rem', numeric: true, title: 'Retrievability: predicted recall now' },
  { id: 'reviews', label: 'Reviews', width: '5.2rem', numeric: true },
  { id: 'lapses', label: 'Lapses', width: '4.8rem', numeric: true },
  { id: 'added', label: 'Added', width: '6.2rem' },
  { id: 'edited', label: 'Edited', width: '6.2rem' },
  { id: 'tags', label: 'Tags', width: 'minmax(4rem, 1fr)' },
  { id: 'task', label: 'Task', width: '4rem', title: 'CLF-C02 task statement' },
];

const kindLabels: Record<CardListItem['kind'], string> = { responsibility: 'Responsibility', basic: 'Basic', choice: 'Choice' };

/** The table's columns: the card's text first, then the chosen ones in the offered order; every header sorts. */
export function tableColumns(chosen: readonly BrowseColumn[]): CardColumn[] {
  const wanted = new Set(chosen);
  return [
    { id: 'card', label: 'Card', width: 'minmax(8rem, 3fr)', sortable: true },
    ...browseColumnList.filter((c) => wanted.has(c.id)).map((c) => ({ ...c, sortable: true })),
  ];
}

function day(at: number | null): string {
  return at === null ? '—' : new Date(at).toLocaleDateString('en-CA');
}

/** What a cell shows: the number as the learner reads it, a dash where a card has none (a new card's memory). */
export function cellText(card: CardListItem, column: string, deckTitle: (id: string) => string, now: number): string {
  switch (column) {
    case 'deck':
      return deckTitle(card.deckId);
    case 'type':
      return kindLabels[card.kind];
    case 'due':
      return card.state === 'new' ? 'new' : card.due <= now ? 'due now' : formatWhen(card.due, now);
    case 'interval':
      return card.interval === null ? '—' : card.interval === 0 ? '<1d' : formatInterval(card.interval * 86_400_000);
    case 'stability':
      return card.stability === null ? '—' : `${card.stability >= 10 ? card.stability.toFixed(0) : card.stability.toFixed(1)}d`;
    case 'difficulty':
      return card.difficulty === null ? '—' : card.difficulty.toFixed(1);
    case 'retrievability':
      return card.retrievability === null ? '—' : `${Math.round(card.retrievability * 100)}%`;
    case 'reviews':
      return String(card.reps);
    case 'lapses':
      return String(card.lapses);
    case 'added':
      return day(card.addedAt);
    case 'edited':
      return day(card.editedAt);
    case 'tags':
      return card.tags.join(' ') || '—';
    case 'task':
      return card.task ?? '—';
    default:
      return '';
  }
}

/** The replace dialog's fields, named as the editor names them (a field a card's type lacks is skipped). */
export const replaceFieldList = [
  { id: 'front', label: 'Front' },
  { id: 'back', label: 'Back' },
  { id: 'text', label: 'Cloze text' },
  { id: 'extra', label: 'Extra' },
  { id: 'situation', label: 'Situation' },
  { id: 'service', label: 'Service' },
  { id: 'explanation', label: 'Explanation' },
  { id: 'question', label: 'Question' },
  { id: 'options', label: 'Options' },
] as const;
