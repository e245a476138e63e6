import { dayEnd, dayStart, msPerDay } from '../domain/day-clock.js';
import { likePattern, parseSearch, unescape, type SearchNode, type SearchTerm } from './search-query.js';
import { trigramMatch } from './trigram-match.js';
import { searchTextFunction } from '../text/search-text.js';

/** What a search needs to know about "now": the study day and the FSRS decay for retrievability. */
export interface SearchContext {
  now: number;
  /** The study day of `now`. */
  today: number;
  rolloverHour: number;
  /** FSRS forgetting curve: R = (1 + factor * t / S) ^ decay. */
  factor: number;
  decay: number;
}

export interface CompiledSearch {
  /** A condition over `cards c JOIN decks d ON d.id = c.deck_id`, with positional parameters. */
  sql: string;
  params: (string | number)[];
  /** The query has no term (it matches every card): its count and its pages can be read from an index alone. */
  everyCard: boolean;
  /** The query has a word or wildcard term: finding its cards (the text index, then each candidate's text) is most of its cost. */
  readsText: boolean;
  /** Every term tests a column no index holds (tags, service, task): counting it over every card is a read of the table itself. */
  readsRowsOnly: boolean;
}

/** Compiles a query to SQL: parsing errors surface as INVALID_ARGUMENT with the position. */
export function compileSearch(query: string, ctx: SearchContext): CompiledSearch {
  const params: (string | number)[] = [];
  const tree = parseSearch(query);
  const sql = nodeSql(tree, ctx, params);
  const terms = termTypes(tree);
  return { sql, params, everyCard: tree.type === 'all', readsText: terms.includes('text'), readsRowsOnly: tree.type !== 'all' && terms.every((t) => rowTerms.has(t)) };
}

const rowTerms: ReadonlySet<SearchTerm['type']> = new Set(['tag', 'service', 'task']);

/** Every term's type in the query, in and, or and not alike. */
function termTypes(node: SearchNode): SearchTerm['type'][] {
  switch (node.type) {
    case 'all':
      return [];
    case 'and':
    case 'or':
      return node.children.flatMap(termTypes);
    case 'not':
      return termTypes(node.child);
    case 'term':
      return [node.term.type];
  }
}

function nodeSql(node: SearchNode, ctx: SearchContext, params: (string | number)[]): string {
  switch (node.type) {
    case 'all':
      return '1';
    case 'and':
      return `(${node.children.map((c) => nodeSql(c, ctx, params)).join(' AND ')})`;
    case 'or':
      return `(${node.children.map((c) => nodeSql(c, ctx, params)).join(' OR ')})`;
    case 'not':
      // coalesce: a NULL (a property a card does not have) must not make "-x" drop the card.
      return `NOT coalesce(${nodeSql(node.child, ctx, params)}, 0)`;
    case 'term':
      return termSql(node.term, ctx, params);
  }
}

const propColumns = { s: 'c.stability', d: 'c.difficulty', ivl: 'c.scheduled_days', reps: 'c.reps', lapses: 'c.lapses' } as const;

function termSql(term: SearchTerm, ctx: SearchContext, params: (string | number)[]): string {
  const like = (expr: string, pattern: string) => {
    params.push(pattern);
    return `${expr} LIKE ? ESCAPE '\\'`;
  };
  switch (term.type) {
    case 'text': {
      // The card text index (migration 0013) holds each card's search text; its trigrams narrow the cards, the LIKE decides.
      const pattern = `%${likePattern(term.pattern)}%`;
      const match = trigramMatch(pattern);
      if (match !== null) params.push(match);
      // The LIKE reads the index's own copy of the text (its content table, card_text_content) by id: through
      // the full-text table each candidate's text costs a lookup about three times as dear.
      const indexed = `SELECT t.id FROM card_text_content t WHERE ${match !== null ? 't.id IN (SELECT rowid FROM card_text WHERE card_text MATCH ?) AND ' : ''}${like('t.c0', pattern)}`;
      // Cards too long to tokenize get the text function, as every card did before the index (migration 0013).
      // CROSS JOIN keeps the (normally empty) list outermost: with cards outermost the planner would call the function on every card.
      const long = `SELECT l.id FROM card_text_long l CROSS JOIN cards lc ON lc.id = l.id WHERE ${like(`${searchTextFunction}(lc.content)`, pattern)}`;
      // One list, not an OR of two: the planner reads it once, as the cards' ids to look up.
      return `c.id IN (${indexed} UNION ALL ${long})`;
    }
    case 'deck': {
      // The matching decks first, then their cards through the deck index: never a LIKE per card.
      const p = likePattern(term.pattern);
      params.push(p, p);
      return `c.deck_id IN (SELECT id FROM decks WHERE lower(id) LIKE ? ESCAPE '\\' OR lower(title) LIKE ? ESCAPE '\\')`;
    }
    case 'tag': {
      if (unescape(term.pattern).toLowerCase() === 'none') return "c.tags = ''";
      // Tags are stored space-separated; a tag also matches its children (aws::ec2 for tag:aws).
      const p = likePattern(term.pattern);
      params.push(`% ${p} %`, `% ${p}::%`);
      return `(' ' || lower(c.tags) || ' ' LIKE ? ESCAPE '\\' OR ' ' || lower(c.tags) LIKE ? ESCAPE '\\')`;
    }
    case 'service':
      return like('lower(coalesce(c.service, \'\'))', `%${likePattern(term.pattern)}%`);
    case 'task': {
      // "task:2" finds the whole domain (2.1 … 2.4) as "tag:aws" finds aws::ec2.
      const p = likePattern(term.pattern);
      params.push(p, `${p}.%`);
      return `(json_extract(c.content, '$.task') LIKE ? ESCAPE '\\' OR json_extract(c.content, '$.task') LIKE ? ESCAPE '\\')`;
    }
    case 'owner':
      params.push(term.owner);
      return 'c.owner = ?';
    case 'kind':
      params.push(term.kind);
      return 'c.kind = ?';
    case 'is':
      return stateSql(term.state, ctx, params);
    case 'prop':
      return propSql(term, ctx, params);
    case 'rated': {
      params.push(ctx.today - term.days + 1);
      let sql = 'EXISTS (SELECT 1 FROM review_log r WHERE r.card_id = c.id AND r.day >= ?';
      if (term.grade !== null) {
        params.push(term.grade);
        sql += ' AND r.rating = ?';
      }
      return `${sql})`;
    }
    case 'added':
      params.push(dayStart(ctx.today - term.days + 1, ctx.rolloverHour));
      return 'coalesce(c.added_at, d.created_at) >= ?';
    case 'flag':
      params.push(term.flag);
      return 'c.flag = ?';
  }
}

function stateSql(state: Extract<SearchTerm, { type: 'is' }>['state'], ctx: SearchContext, params: (string | number)[]): string {
  switch (state) {
    case 'new':
      return 'c.state = 0';
    case 'learn':
      return 'c.state IN (1, 3)';
    case 'review':
      return 'c.state IN (2, 3)';
    case 'due':
      params.push(dayEnd(ctx.today, ctx.rolloverHour));
      return 'c.state > 0 AND c.due < ?';
    case 'suspended':
      return 'c.suspended = 1';
    case 'buried':
      params.push(ctx.today);
      return 'c.buried_day = ?';
  }
}

function propSql(term: Extract<SearchTerm, { type: 'prop' }>, ctx: SearchContext, params: (string | number)[]): string {
  const op = term.op === '=' ? '=' : term.op;
  switch (term.prop) {
    case 'r':
      // Retrievability only means something for studied cards; new ones never match.
      params.push(ctx.factor, ctx.now, msPerDay, ctx.decay, term.value);
      return `(c.stability > 0 AND c.last_review IS NOT NULL AND pow(1 + ? * max(0, floor((? - c.last_review) / ?)) / c.stability, ?) ${op} ?)`;
    case 'due':
      // Days from today until a review card is due: 0 today, 1 tomorrow, negative overdue.
      params.push(dayStart(ctx.today, ctx.rolloverHour), msPerDay, term.value);
      return `(c.state = 2 AND floor((c.due - ?) * 1.0 / ?) ${op} ?)`;
    case 's':
    case 'd':
      params.push(term.value);
      return `(c.state > 0 AND ${propColumns[term.prop]} ${op} ?)`;
    default:
      params.push(term.value);
      return `${propColumns[term.prop]} ${op} ?`;
  }
}
