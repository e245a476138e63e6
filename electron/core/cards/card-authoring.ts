import type { CollectionDoor, WriteConnection } from '../db/collection-door.js';
import { randomUUID } from 'node:crypto';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import type { CardContent } from '../domain/types.js';
import { sanitizeCardHtml } from '../text/html-sanitizer.js';
import { soundNames } from '../text/sound-tags.js';
import { ownerOf, serviceOf } from '../decks/deck-input.js';
import { createdDeckPrefix } from '../decks/deck-origin.js';
import { parseContent, splitTags, type CardRecord } from './card-record.js';
import { CardEditLog, type EditBatch } from './card-edit-log.js';
import { cardsOfNote, noteOfContent, normaliseTags, type NoteFields, type NoteInput } from './note-types.js';
import { oneRow } from '../db/typed-statements.js';

/** Cards written in the app: their `source_deck_id`, so that no deck file's sync ever retires them. */
export const authoredSource = 'authored';

/** What the editor needs to open a card. */
export interface CardEditorView {
  cardId: number;
  deckId: string;
  note: NoteFields;
  tags: string[];
  /** False for built-in cards, whose text comes with the app. */
  editable: boolean;
  /** Why it cannot be edited, or what an edit changes (an imported card: this card only). */
  notice: string | null;
  /** The note type can change only for cards written in the app. */
  typeFixed: boolean;
  history: EditBatch[];
}

export interface SavedNote {
  cardIds: number[];
  batchId: number | null;
  summary: string;
}

/** Adding, editing and deleting cards, each change recorded so that it can be undone. */
export class CardAuthoring {
  readonly log: CardEditLog;

  /** Every change goes through the collection's door, which drops the answer undo and caches after it. */
  constructor(private readonly door: CollectionDoor) {
    this.log = new CardEditLog(door);
  }

  /** Undoes a recorded change (the newest when none is named). */
  undo(now: number, batchId?: number): ReturnType<CardEditLog['undo']> {
    return this.log.undo(now, batchId);
  }

  editorView(cardId: number): CardEditorView {
    const card = this.card(cardId);
    const authored = this.authoredNote(card);
    const builtin = this.isBuiltin(card);
    return {
      cardId,
      deckId: card.deck_id,
      note: authored ?? noteOfContent(parseContent(card)),
      tags: splitTags(card.tags),
      editable: !builtin,
      notice: builtin
        ? 'This is a built-in card: its text comes with the app and is not edited here. Suspend it, or add a card of your own.'
        : authored
          ? null
          : 'An imported card: the edit changes this card only, and importing its deck again brings back the file’s text.',
      typeFixed: !authored,
      history: this.log.history(cardId),
    };
  }

  add(input: NoteInput, now: number): SavedNote {
    return this.door.write((db) => this.addOn(db, input, now));
  }

  private addOn(db: WriteConnection, input: NoteInput, now: number): SavedNote {
    this.requireDeck(input.deckId);
    const cards = cardsOfNote(input.note);
    const noteKey = `note-${randomUUID()}`;
    const tags = normaliseTags(input.tags);
    const result = this.log.record('add', now, [], [noteKey], () => {
      saveNote(db, noteKey, input.note, now);
      const created = cards.map((c) => insertCard(db, input.deckId, noteKey, c.ord, c.content, tags, now));
      return { value: created, created, summary: `Added ${created.length === 1 ? 'a card' : `${created.length} cards`}` };
    });
    return { cardIds: result.value, batchId: result.batchId, summary: result.summary };
  }

  /** Saves the editor's fields for the note of `cardId`: every card of an authored note, or this one imported card. */
  update(cardId: number, input: NoteInput, now: number): SavedNote {
    return this.door.write((db) => this.updateOn(db, cardId, input, now));
  }

  private updateOn(db: WriteConnection, cardId: number, input: NoteInput, now: number): SavedNote {
    const card = this.card(cardId);
    this.requireDeck(input.deckId);
    if (this.isBuiltin(card)) throw new DemarcError(ErrorCode.conflict, 'Built-in cards are not edited: their text comes with the app. Add a card of your own instead.');
    const tags = normaliseTags(input.tags);
    const authored = this.authoredNote(card);
    if (!authored) {
      const content = importedContent(card, input);
      const result = this.log.record('edit', now, [card.id], [], () => {
        updateCard(db, card.id, input.deckId, content, tags);
        return { value: [card.id], summary: 'Edited a card' };
      });
      return { cardIds: result.value, batchId: result.batchId, summary: result.summary };
    }
    const siblings = siblingsOf(db, card);
    const result = this.log.record('edit', now, siblings.map((s) => s.id), [card.note_key], () => {
      const { kept, created } = writeAuthored(db, card, siblings, input, tags, now);
      return { value: [...kept, ...created], created, summary: 'Edited a card' };
    });
    return { cardIds: result.value, batchId: result.batchId, summary: result.summary };
  }

  /**
   * Saves new fields for several notes as one recorded change (find and
   * replace): one batch, so one undo takes it all back. Each card keeps its
   * deck and tags; built-in cards are refused (the caller leaves them out).
   */
  updateMany(edits: readonly { cardId: number; note: NoteFields }[], now: number, summary: string): SavedNote {
    return this.door.write((db) => {
      const plans = edits.map((edit) => {
        const card = this.card(edit.cardId);
        if (this.isBuiltin(card)) throw new DemarcError(ErrorCode.conflict, 'Built-in cards are not edited: their text comes with the app.');
        const input: NoteInput = { deckId: card.deck_id, note: edit.note, tags: splitTags(card.tags) };
        const authored = this.authoredNote(card) !== null;
        return authored
          ? { card, input, siblings: siblingsOf(db, card), content: null }
          : { card, input, siblings: null, content: importedContent(card, input) };
      });
      const ids = plans.flatMap((p) => (p.siblings ? p.siblings.map((s) => s.id) : [p.card.id]));
      const noteKeys = plans.filter((p) => p.siblings).map((p) => p.card.note_key);
      const result = this.log.record('edit', now, ids, noteKeys, () => {
        const changed: number[] = [];
        const created: number[] = [];
        for (const p of plans) {
          const tags = normaliseTags(p.input.tags);
          if (p.content) {
            updateCard(db, p.card.id, p.input.deckId, p.content, tags);
            changed.push(p.card.id);
          } else {
            const written = writeAuthored(db, p.card, p.siblings ?? [], p.input, tags, now);
            changed.push(...written.kept, ...written.created);
            created.push(...written.created);
          }
        }
        return { value: changed, created, summary };
      });
      return { cardIds: result.value, batchId: result.batchId, summary: result.summary };
    });
  }

  /** A new, empty deck of one's own. */
  createDeck(title: string, now: number): string {
    const clean = title.trim();
    if (!clean) throw new DemarcError(ErrorCode.invalidArgument, 'A deck needs a title.');
    return this.door.write((db) => {
      const taken = db.prepare('SELECT id FROM decks WHERE lower(title) = lower(?)').pluck().get(clean);
      if (taken) throw new DemarcError(ErrorCode.conflict, `A deck called "${clean}" exists already.`);
      const slug = clean.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'deck';
      // Its namespace records that the learner made it (decks/deck-origin.ts).
      let id = `${createdDeckPrefix}${slug}`;
      for (let n = 2; db.prepare('SELECT 1 FROM decks WHERE id = ?').get(id); n++) id = `${createdDeckPrefix}${slug}-${n}`;
      db.prepare("INSERT INTO decks (id, title, service_type, description, origin, created_at) VALUES (?, ?, 'custom', '', 'imported', ?)").run(id, clean, now);
      return id;
    });
  }

  private authoredNote(card: CardRecord): NoteFields | null {
    if (card.source_deck_id !== authoredSource) return null;
    const fields = this.door.read((db) => db.prepare<[string], string>('SELECT fields FROM authored_notes WHERE note_key = ?').pluck().get(card.note_key));
    return fields ? (JSON.parse(fields) as NoteFields) : null;
  }

  private isBuiltin(card: CardRecord): boolean {
    if (card.source_deck_id === authoredSource) return false;
    return this.door.read((db) => db.prepare("SELECT 1 FROM decks WHERE id = ? AND origin = 'builtin'").get(card.source_deck_id)) !== undefined;
  }

  /** A card as it is now (retired ones included), or null. */
  record(cardId: number): CardRecord | null {
    return this.door.read((db) => db.prepare<[number], CardRecord>('SELECT * FROM cards WHERE id = ?').get(cardId)) ?? null;
  }

  private card(cardId: number): CardRecord {
    const row = this.door.read((db) => db.prepare<[number], CardRecord>('SELECT * FROM cards WHERE id = ? AND retired = 0').get(cardId));
    if (!row) throw new DemarcError(ErrorCode.notFound, `Card ${cardId} does not exist.`);
    return row;
  }

  private requireDeck(deckId: string): void {
    if (!this.door.read((db) => db.prepare('SELECT 1 FROM decks WHERE id = ?').get(deckId))) throw new DemarcError(ErrorCode.notFound, `Deck "${deckId}" does not exist.`);
  }
}

function siblingsOf(db: WriteConnection, card: CardRecord): { id: number; key: string }[] {
  return db.prepare<[string, string], Pick<CardRecord, 'id' | 'key'>>('SELECT id, key FROM cards WHERE note_key = ? AND source_deck_id = ?').all(card.note_key, authoredSource);
}

/** Writes an authored note and its cards: a card per cloze deletion or side, made or retired as the note now needs. */
function writeAuthored(db: WriteConnection, card: CardRecord, siblings: readonly { id: number; key: string }[], input: NoteInput, tags: string, now: number): { kept: number[]; created: number[] } {
  const cards = cardsOfNote(input.note);
  const byKey = new Map(siblings.map((s) => [s.key, s.id]));
  saveNote(db, card.note_key, input.note, now);
  const created: number[] = [];
  const kept = new Set<number>();
  for (const c of cards) {
    const key = `${card.note_key}-${c.ord}`;
    const id = byKey.get(key);
    if (id === undefined) created.push(insertCard(db, input.deckId, card.note_key, c.ord, c.content, tags, now));
    else {
      updateCard(db, id, input.deckId, c.content, tags);
      kept.add(id);
    }
  }
  // Cards whose cloze deletion is gone are retired, with their history.
  for (const s of siblings) if (!kept.has(s.id)) db.prepare('UPDATE cards SET retired = 1 WHERE id = ?').run(s.id);
  return { kept: [...kept], created };
}

/** An imported card's new content: the same kind, and HTML fields cleaned again as on import. */
function importedContent(card: CardRecord, input: NoteInput): CardContent {
  const old = parseContent(card);
  const [first] = cardsOfNote(input.note);
  if (!first || first.kind !== card.kind || input.note.type === 'basic-reversed' || input.note.type === 'cloze') {
    throw new DemarcError(ErrorCode.invalidArgument, `Type: an imported ${card.kind} card stays a ${card.kind} card.`);
  }
  let content: CardContent = first.content;
  if (old.kind === 'basic' && old.html && content.kind === 'basic') {
    // Its fields are HTML: cleaned again as on import, images kept only from the media folder and
    // sounds only those the card already played (a sound tag names its saved file bare).
    const sounds = soundNames(`${old.front}\n${old.back}`);
    const fromMedia = (src: string) => (src.startsWith('media/') ? src.slice('media/'.length) : sounds.has(src) ? src : null);
    content = { kind: 'basic', front: sanitizeCardHtml(content.front, fromMedia), back: sanitizeCardHtml(content.back, fromMedia), html: true };
  }
  return content;
}

function insertCard(db: WriteConnection, deckId: string, noteKey: string, ord: number, content: CardContent, tags: string, now: number): number {
  const position = oneRow(db.prepare<[], number>('SELECT coalesce(max(position), 0) FROM cards').pluck().get()) + 1;
  return Number(
    db
      .prepare(`INSERT INTO cards (deck_id, source_deck_id, key, note_key, kind, content, owner, service, source, tags, position, due, added_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?)`)
      .run(deckId, authoredSource, `${noteKey}-${ord}`, noteKey, content.kind, JSON.stringify(content), ownerOf(content), serviceOf(content), tags, position, now, now)
      .lastInsertRowid,
  );
}

function updateCard(db: WriteConnection, id: number, deckId: string, content: CardContent, tags: string): void {
  db.prepare('UPDATE cards SET deck_id = ?, kind = ?, content = ?, owner = ?, service = ?, tags = ?, retired = 0 WHERE id = ?')
    .run(deckId, content.kind, JSON.stringify(content), ownerOf(content), serviceOf(content), tags, id);
}

function saveNote(db: WriteConnection, noteKey: string, note: NoteFields, now: number): void {
  db.prepare(`INSERT INTO authored_notes (note_key, type, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (note_key) DO UPDATE SET type = excluded.type, fields = excluded.fields, updated_at = excluded.updated_at`)
    .run(noteKey, note.type, JSON.stringify(note), now, now);
}
