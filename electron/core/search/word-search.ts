import { likePattern, parseSearch } from './search-query.js';
import { trigramMatch } from './trigram-match.js';
import { searchTextFunction } from '../text/search-text.js';

export interface Statement {
  sql: string;
  params: (string | number)[];
}

/**
 * A search that is one word or wildcard term over every deck (what Browse's
 * search box mostly gets) reads no card to count: its count is the text
 * index's candidates whose text holds the term (the index's own copy of the
 * text, by id), less the retired cards (an index of them alone, migration
 * 0018). Each match then costs one read where the general statement costs two
 * (the text and the card); a million cards' 26,800 matches are past any page
 * cache, so the reads are most of the time.
 *
 * Its page in the deck's order (its index, migration 0018)
 * can walk that index and check each card it passes against the candidates
 * (a Bloom filter, then the text by id) until the page is full: about
 * (offset + limit) × cards / matches steps, each far cheaper than a read by
 * id, so the walk wins for a common word and the lookup of every match for
 * a rare one. The results are the same either way.
 *
 * Null for any other search: its statements are the general ones.
 */
export function wordSearch(query: string, deckId: string | undefined): { count: Statement; walkCondition: Statement | null } | null {
  if (deckId !== undefined) return null;
  const tree = parseSearch(query);
  if (tree.type !== 'term' || tree.term.type !== 'text') return null;
  const pattern = `%${likePattern(tree.term.pattern)}%`;
  const match = trigramMatch(pattern);
  const candidates = match !== null ? 't.id IN (SELECT rowid FROM card_text WHERE card_text MATCH ?) AND ' : '';
  const long = `SELECT l.id FROM card_text_long l CROSS JOIN cards lc ON lc.id = l.id WHERE ${searchTextFunction}(lc.content) LIKE ? ESCAPE '\\'`;
  const count: Statement = {
    // UNION, not UNION ALL: a long card's indexed text is empty, which a pattern of nothing but wildcards also matches.
    sql: `SELECT count(*) FROM (SELECT t.id FROM card_text_content t WHERE ${candidates}t.c0 LIKE ? ESCAPE '\\' UNION ${long})
      WHERE id NOT IN (SELECT id FROM cards WHERE retired = 1)`,
    params: [...(match !== null ? [match] : []), pattern, pattern],
  };
  // The unary + keeps SQLite from reading the candidates as ids to look up: the order's index leads, the candidates filter.
  const walkCondition: Statement | null =
    match === null
      ? null
      : {
          sql: `((+c.id IN (SELECT rowid FROM card_text WHERE card_text MATCH ?) AND EXISTS (SELECT 1 FROM card_text_content t WHERE t.id = c.id AND t.c0 LIKE ? ESCAPE '\\'))
            OR +c.id IN (${long}))`,
          params: [match, pattern, pattern],
        };
  return { count, walkCondition };
}
