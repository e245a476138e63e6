import type Database from 'better-sqlite3';
import type { DeckFile, DeckFileCard } from '../decks/deck-file.js';
import { groupOfNoteKey } from '../decks/fact-groups.js';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import type { CardContent } from '../domain/types.js';
import { htmlToText, textToHtml } from '../text/html-sanitizer.js';
import { csvLine } from './csv-writer.js';
import type { CardRecord, DeckRecord } from '../db/table-rows.js';

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  /** The file's text, or its bytes as base64 when `encoding` says so (an Anki package). */
  text: string;
  encoding?: 'base64' | undefined;
}

type DeckRow = Pick<DeckRecord, 'id' | 'title' | 'service_type' | 'description'>;
type CardRow = Pick<CardRecord, 'key' | 'note_key' | 'content' | 'source' | 'tags'>;

/**
 * Exports a deck's current cards (retired ones left out, in deck order):
 * - `json`: the native deck format; importing it back updates the same deck
 *   and the same cards (ids are the cards' stable keys). Cards imported as
 *   HTML are exported as their text, since the native format is plain text.
 * - `csv`: comma-separated with Anki's header lines, readable by Anki and by
 *   Demarc's CSV import.
 */
export function exportDeck(db: Database.Database, deckId: string, format: 'json' | 'csv'): ExportedFile {
  const deck = db.prepare<[string], DeckRow>('SELECT id, title, service_type, description FROM decks WHERE id = ?').get(deckId);
  if (!deck) throw new DemarcError(ErrorCode.notFound, `Deck "${deckId}" does not exist.`);
  const cards = db
    .prepare<[string], CardRow>('SELECT key, note_key, content, source, tags FROM cards WHERE deck_id = ? AND retired = 0 ORDER BY position, id')
    .all(deckId);
  return format === 'json' ? exportJson(deck, cards) : exportCsv(deck, cards);
}

function exportJson(deck: DeckRow, rows: CardRow[]): ExportedFile {
  if (rows.length === 0) throw new DemarcError(ErrorCode.invalidArgument, `Deck "${deck.title}" has no cards to export.`);
  const used = new Set<string>();
  const cards = rows.map((row) => jsonCard(row, uniqueId(row.key, used)));
  const file: DeckFile = {
    format: 'demarc-deck/1',
    id: deck.id,
    title: deck.title,
    serviceType: deck.service_type,
    description: deck.description.trim() || deck.title,
    cards,
  };
  return { fileName: `${deck.id}.json`, mimeType: 'application/json', text: `${JSON.stringify(file, null, 2)}\n` };
}

const idPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Card ids are the stable keys; a key that is not a valid id (or repeats, after a move) gets a derived one. */
function uniqueId(key: string, used: Set<string>): string {
  let id = idPattern.test(key)
    ? key
    : key
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '') || 'card';
  const base = id;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

function jsonCard(row: CardRow, id: string): DeckFileCard {
  const content = JSON.parse(row.content) as CardContent;
  const source = row.source.trim() || 'imported';
  const tags = [...new Set(row.tags.split(' ').filter(Boolean))];
  const group = groupOfNoteKey(row.note_key);
  // Passage, group and task travel with the card, so an exported deck re-imports with its quotes, fact groups and task statements.
  const extra = {
    ...(content.passage ? { passage: content.passage } : {}),
    ...(group ? { group } : {}),
    ...(tags.length ? { tags } : {}),
    ...(content.task ? { task: content.task } : {}),
  };
  switch (content.kind) {
    case 'responsibility':
      return {
        id,
        kind: 'responsibility',
        prompt: nonEmpty(content.prompt),
        owner: content.owner,
        ...(content.service ? { service: content.service } : {}),
        ...(content.duty ? { duty: content.duty } : {}),
        ...(content.layer ? { layer: content.layer } : {}),
        explanation: nonEmpty(content.explanation),
        source,
        ...extra,
      };
    case 'basic': {
      const front = content.html ? htmlToText(content.front) : content.front;
      const back = content.html ? htmlToText(content.back) : content.back;
      return {
        id,
        kind: 'basic',
        front: nonEmpty(front),
        back: nonEmpty(back),
        ...(content.explanation ? { explanation: content.explanation } : {}),
        source,
        ...extra,
      };
    }
    case 'choice':
      return {
        id,
        kind: 'choice',
        question: nonEmpty(content.question),
        options: content.options.map(nonEmpty),
        answer: content.answer,
        explanation: nonEmpty(content.explanation),
        source,
        ...extra,
      };
  }
}

/** The native format requires non-empty text; an empty field is written as a dash. */
function nonEmpty(text: string): string {
  return text.trim() === '' ? '—' : text;
}

function exportCsv(deck: DeckRow, rows: CardRow[]): ExportedFile {
  const contents = rows.map((r) => JSON.parse(r.content) as CardContent);
  const html = contents.some((c) => c.kind === 'basic' && c.html === true);
  const text = (value: string, isHtml: boolean): string => (html && !isHtml ? textToHtml(value) : value);
  const lines = ['#separator:Comma', `#html:${html}`, '#columns:front,back,tags,owner', `#deck:${deck.title.replace(/[\r\n]+/g, ' ')}`, '#tags column:3'];
  contents.forEach((c, i) => {
    const tags = rows[i]!.tags;
    switch (c.kind) {
      case 'responsibility':
        lines.push(csvLine([text(c.prompt, false), text(c.explanation, false), tags, c.owner]));
        break;
      case 'basic': {
        const isHtml = c.html === true;
        const back = c.explanation ? `${c.back}${isHtml ? '<br><br>' + textToHtml(c.explanation) : '\n\n' + c.explanation}` : c.back;
        lines.push(csvLine([text(c.front, isHtml), text(back, isHtml), tags, '']));
        break;
      }
      case 'choice': {
        const letters = 'ABCDEFGH';
        const question = [c.question, ...c.options.map((o, k) => `${letters[k] ?? k + 1}) ${o}`)].join('\n');
        const answer = [c.answer.map((k) => `${letters[k] ?? k + 1}) ${c.options[k] ?? ''}`).join('\n'), c.explanation].filter(Boolean).join('\n\n');
        lines.push(csvLine([text(question, false), text(answer, false), tags, '']));
        break;
      }
    }
  });
  return { fileName: `${deck.id}.csv`, mimeType: 'text/csv', text: `${lines.join('\n')}\n` };
}
