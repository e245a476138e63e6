import { DemarcError, ErrorCode } from '../../core/domain/errors.js';
import type { CardContent, CardKind, CardStateName } from '../../core/domain/types.js';
import { cardStateNames } from '../../core/domain/types.js';
import { parseContent } from '../../core/cards/card-record.js';
import type { CliCommand } from '../cli-command.js';

/** One matching card: its identity, its state and every text field of its content. */
export type SearchResultCard = {
  id: number;
  deckId: string;
  kind: CardKind;
  state: CardStateName;
  suspended: boolean;
  tags: string[];
} & ContentFields;

/** The text fields of each kind of content (the kind itself is on the card). */
type ContentFields = { [K in CardKind]: Omit<Extract<CardContent, { kind: K }>, 'kind'> }[CardKind];

export const searchCommand: CliCommand<SearchResultCard[]> = {
  name: 'search',
  summary: 'Find cards with Anki-style search syntax (words, "phrases", -not, or, deck:, tag:, is:, owner:, prop:…)',
  usage: 'search QUERY [--db PATH] [--json]',
  run: (ctx) => {
    const [query, ...extra] = ctx.positionals;
    if (query === undefined || extra.length) {
      throw new DemarcError(ErrorCode.invalidArgument, 'search needs exactly one QUERY; put a query with spaces in quotes: demarc search "owner:customer prop:r<0.9".');
    }
    return ctx.collection().searchCardRecords(query).map((r) => {
      const { kind: _kind, ...fields } = parseContent(r);
      return {
        id: r.id,
        deckId: r.deck_id,
        kind: r.kind,
        state: cardStateNames[r.state] ?? 'new',
        suspended: r.suspended === 1,
        tags: r.tags ? r.tags.split(' ').filter(Boolean) : [],
        ...fields,
      };
    });
  },
  format: (cards) => {
    const rows = cards.map((c) => {
      const text = 'prompt' in c ? c.prompt : 'front' in c ? c.front : c.question;
      return `${String(c.id).padStart(7)}  ${c.deckId.padEnd(24)} ${c.kind.padEnd(15)} ${oneLine(text)}`;
    });
    return [...rows, `${cards.length} card${cards.length === 1 ? '' : 's'} match.`].join('\n');
  },
};

function oneLine(text: string): string {
  const flat = text.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();
  return flat.length > 90 ? `${flat.slice(0, 89)}…` : flat;
}
