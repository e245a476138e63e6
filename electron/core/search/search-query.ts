import { DemarcError, ErrorCode } from '../domain/errors.js';
import { cardKinds, owners } from '../domain/types.js';

/**
 * Anki's search syntax, as far as it applies to Demarc: one parser for the
 * deck browser, the cram builder and the CLI. Pure: text in, a tree out, or a
 * DemarcError whose message names the character where the query goes wrong.
 */

export const stateFilters = ['new', 'learn', 'review', 'due', 'suspended', 'buried'] as const;
export type StateFilter = (typeof stateFilters)[number];

export const propNames = ['r', 's', 'd', 'due', 'ivl', 'reps', 'lapses'] as const;
export type PropName = (typeof propNames)[number];
export const comparisons = ['<=', '>=', '!=', '<', '>', '='] as const;
export type Comparison = (typeof comparisons)[number];

export type SearchTerm =
  | { type: 'text'; pattern: string }
  | { type: 'deck'; pattern: string }
  | { type: 'tag'; pattern: string }
  | { type: 'service'; pattern: string }
  | { type: 'task'; pattern: string }
  | { type: 'is'; state: StateFilter }
  | { type: 'owner'; owner: (typeof owners)[number] }
  | { type: 'kind'; kind: (typeof cardKinds)[number] }
  | { type: 'prop'; prop: PropName; op: Comparison; value: number }
  | { type: 'rated'; days: number; grade: number | null }
  | { type: 'added'; days: number }
  | { type: 'flag'; flag: number };

export type SearchNode =
  | { type: 'all' }
  | { type: 'and'; children: SearchNode[] }
  | { type: 'or'; children: SearchNode[] }
  | { type: 'not'; child: SearchNode }
  | { type: 'term'; term: SearchTerm };

const fieldNames = ['deck', 'tag', 'is', 'owner', 'service', 'kind', 'task', 'prop', 'rated', 'added', 'flag'] as const;
/** Anki's flag numbers as far as Demarc has them: 0 none, 1 red, 2 orange, 3 green, 4 blue. */
const maxFlag = 4;
const maxQueryLength = 1000;
const maxDepth = 50;
const maxDays = 36_500;

type Token =
  | { type: 'open' | 'close' | 'or' | 'and'; at: number }
  | { type: 'minus'; at: number }
  | { type: 'word'; at: number; text: string; quotedFromStart: boolean };

function fail(at: number, message: string): never {
  throw new DemarcError(ErrorCode.invalidArgument, `Search: ${message} (at character ${at + 1}).`);
}

/** Splits the query into words, parentheses and operators. Quotes group spaces; a backslash keeps the next character literal. */
function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')') {
      tokens.push({ type: ch === '(' ? 'open' : 'close', at: i });
      i++;
      continue;
    }
    if (ch === '-' && i + 1 < query.length && !/\s/.test(query[i + 1]!)) {
      tokens.push({ type: 'minus', at: i });
      i++;
      continue;
    }
    if (ch === '-') fail(i, '"-" must be followed by a search term, with no space between');
    const start = i;
    let text = '';
    let quoteAt = -1;
    while (i < query.length) {
      const c = query[i]!;
      if (quoteAt < 0 && (/\s/.test(c) || c === '(' || c === ')')) break;
      if (c === '\\' && i + 1 < query.length) {
        text += c + query[i + 1];
        i += 2;
        continue;
      }
      if (c === '"') {
        quoteAt = quoteAt < 0 ? i : -1;
        i++;
        continue;
      }
      text += c;
      i++;
    }
    if (quoteAt >= 0) fail(quoteAt, 'this quote is never closed');
    const bare = query.slice(start, i);
    if (/^(or|and)$/i.test(bare)) tokens.push({ type: bare.toLowerCase() as 'or' | 'and', at: start });
    else tokens.push({ type: 'word', at: start, text, quotedFromStart: query[start] === '"' });
  }
  return tokens;
}

/** Parses a search; an empty or blank query matches every card. */
export function parseSearch(query: string): SearchNode {
  if (query.length > maxQueryLength) fail(maxQueryLength, `the query is longer than ${maxQueryLength} characters`);
  const tokens = tokenize(query);
  let pos = 0;
  let depth = 0;
  const peek = () => tokens[pos];

  function parseOr(): SearchNode {
    const children = [parseAnd()];
    while (peek()?.type === 'or') {
      const or = tokens[pos++]!;
      const next = peek();
      if (!next || next.type === 'close' || next.type === 'or' || next.type === 'and') fail(or.at, '"or" needs a search term on its right');
      children.push(parseAnd());
    }
    return children.length === 1 ? children[0]! : { type: 'or', children };
  }

  function parseAnd(): SearchNode {
    const children = [parseUnary()];
    for (let t = peek(); t && t.type !== 'or' && t.type !== 'close'; t = peek()) {
      if (t.type === 'and') {
        pos++;
        const next = peek();
        if (!next || next.type === 'close' || next.type === 'or' || next.type === 'and') fail(t.at, '"and" needs a search term on its right');
      }
      children.push(parseUnary());
    }
    return children.length === 1 ? children[0]! : { type: 'and', children };
  }

  function parseUnary(): SearchNode {
    const t = peek();
    if (!t) fail(query.length, 'the query ends where a search term was expected');
    if (t.type === 'minus') {
      pos++;
      const next = peek();
      if (!next || next.type === 'close' || next.type === 'or' || next.type === 'and') fail(t.at, '"-" must be followed by a search term');
      return { type: 'not', child: parseUnary() };
    }
    if (t.type === 'open') {
      pos++;
      if (++depth > maxDepth) fail(t.at, `parentheses are nested more than ${maxDepth} deep`);
      if (!peek()) fail(t.at, 'this "(" is never closed');
      if (peek()?.type === 'close') fail(t.at, 'these parentheses are empty');
      const inner = parseOr();
      const close = peek();
      if (close?.type !== 'close') fail(t.at, 'this "(" is never closed');
      pos++;
      depth--;
      return inner;
    }
    if (t.type === 'close') fail(t.at, 'this ")" has no "(" before it');
    if (t.type !== 'word') fail(t.at, `"${t.type}" needs a search term on its left`);
    pos++;
    return { type: 'term', term: parseTerm(t) };
  }

  if (tokens.length === 0) return { type: 'all' };
  const tree = parseOr();
  const rest = peek();
  if (rest) fail(rest.at, rest.type === 'close' ? 'this ")" has no "(" before it' : 'unexpected text');
  return tree;
}

function parseTerm(token: Extract<Token, { type: 'word' }>): SearchTerm {
  const { text, at } = token;
  const colon = findUnescaped(text, ':');
  const prefix = colon > 0 ? text.slice(0, colon).toLowerCase() : '';
  const isField = (fieldNames as readonly string[]).includes(prefix);
  if (!isField) {
    // "word:rest" reads as a field search; quoting the whole term searches for the text instead.
    if (colon > 0 && /^[a-z_]+$/i.test(prefix) && !token.quotedFromStart) {
      fail(at, `unknown field "${prefix}:"; fields are ${fieldNames.map((f) => `${f}:`).join(', ')} (put the text in quotes to search for it)`);
    }
    if (unescape(text) === '') fail(at, 'an empty phrase ("") matches nothing');
    return { type: 'text', pattern: text };
  }
  const value = text.slice(colon + 1);
  const plain = unescape(value).trim().toLowerCase();
  if (plain === '') fail(at, `"${prefix}:" needs a value`);
  switch (prefix as (typeof fieldNames)[number]) {
    case 'deck':
    case 'tag':
    case 'service':
      return { type: prefix as 'deck' | 'tag' | 'service', pattern: value };
    case 'task':
      // A task statement is a domain and a number ("2.1"); "2" stands for the whole domain, "*" for any part.
      if (!/^[0-9.*_]+$/.test(plain)) fail(at, `"task:${plain}" is not a task statement; use its number, e.g. task:2.1, or task:2 for the whole domain`);
      return { type: 'task', pattern: plain };
    case 'is':
      if (!(stateFilters as readonly string[]).includes(plain)) fail(at, `"is:${plain}" is not a card state; use one of ${listOf(stateFilters)}`);
      return { type: 'is', state: plain as StateFilter };
    case 'owner':
      if (!(owners as readonly string[]).includes(plain)) fail(at, `"owner:${plain}" is not an owner; use one of ${listOf(owners)}`);
      return { type: 'owner', owner: plain as (typeof owners)[number] };
    case 'kind':
      if (!(cardKinds as readonly string[]).includes(plain)) fail(at, `"kind:${plain}" is not a card kind; use one of ${listOf(cardKinds)}`);
      return { type: 'kind', kind: plain as (typeof cardKinds)[number] };
    case 'prop':
      return parseProp(plain, at);
    case 'rated': {
      const m = /^(\d+)(?::(\d+))?$/.exec(plain);
      if (!m) fail(at, `"rated:${plain}" must be rated:DAYS or rated:DAYS:GRADE, e.g. rated:7 or rated:7:1`);
      const days = Number(m[1]);
      if (days < 1 || days > maxDays) fail(at, `"rated:" days must be between 1 and ${maxDays}`);
      const grade = m[2] === undefined ? null : Number(m[2]);
      if (grade !== null && (grade < 1 || grade > 4)) fail(at, `"rated:${plain}": the grade must be 1 (Again) to 4 (Easy)`);
      return { type: 'rated', days, grade };
    }
    case 'added': {
      if (!/^\d+$/.test(plain)) fail(at, `"added:${plain}" must be a number of days, e.g. added:7`);
      const days = Number(plain);
      if (days < 1 || days > maxDays) fail(at, `"added:" days must be between 1 and ${maxDays}`);
      return { type: 'added', days };
    }
    case 'flag': {
      if (!/^\d$/.test(plain) || Number(plain) > maxFlag) fail(at, `"flag:${plain}" is not a flag; use flag:0 (none), 1 (red), 2 (orange), 3 (green) or 4 (blue)`);
      return { type: 'flag', flag: Number(plain) };
    }
  }
}

function parseProp(plain: string, at: number): SearchTerm {
  const m = /^([a-z]+)(<=|>=|!=|<|>|=)(-?\d+(?:\.\d+)?|-?\.\d+)$/.exec(plain);
  if (!m) fail(at, `"prop:${plain}" must be prop:NAME, a comparison and a number, e.g. prop:r<0.9 or prop:due<=1`);
  const prop = m[1]!;
  if (!(propNames as readonly string[]).includes(prop)) fail(at, `"prop:${prop}" is not a property; use one of ${listOf(propNames)}`);
  const value = Number(m[3]);
  if (prop === 'r' && (value < 0 || value > 1)) fail(at, '"prop:r" compares retrievability, a number from 0 to 1');
  return { type: 'prop', prop: prop as PropName, op: m[2] as Comparison, value };
}

function listOf(values: readonly string[]): string {
  return `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}

function findUnescaped(text: string, ch: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === ch) return i;
  }
  return -1;
}

/** The text a pattern stands for, with escapes removed (wildcards left as they are). */
export function unescape(pattern: string): string {
  return pattern.replace(/\\(.)/g, '$1');
}

/**
 * An Anki pattern as a LIKE pattern (escape character `\`): `*` is any run of
 * characters, `_` one character, `\*` and `\_` the characters themselves.
 */
export function likePattern(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      const next = pattern[++i]!;
      out += next === '%' || next === '_' || next === '\\' || next === '*' ? (next === '*' ? '*' : `\\${next}`) : next;
    } else if (c === '*') out += '%';
    else if (c === '%') out += '\\%';
    else out += c;
  }
  return out.toLowerCase();
}
