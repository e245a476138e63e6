import { authoredSource } from '../cards/card-authoring.js';
import { cardOfNote, type NoteFields } from '../cards/note-types.js';
import { ownerOf, serviceOf } from '../decks/deck-input.js';
import type { CardContent } from '../domain/types.js';
import { scopeCardCss } from '../text/card-css.js';
import { sanitizeCardHtml } from '../text/html-sanitizer.js';
import { cached } from '../db/statement-cache.js';
import type { MediaReceiver } from './sync-media.js';
import { cardFields, fieldKey, setEventSchema, type CardEvent, type ContentEvent, type DeckEvent, type MediaRef, type NoteEvent } from './sync-event.js';
import type { WriteConnection } from '../db/collection-door.js';
import { applyScheduleEdit, applySuspension, type ScheduleEditEffects } from './schedule-edits.js';
import { hasReplayableAnswers } from './replay-cards.js';
import { oneRow } from '../db/typed-statements.js';

/** What applying a winning event did: written, waiting for its deck, or nothing to do. */
export type Outcome = 'applied' | 'waiting' | 'ignored';

/**
 * Writes winning card, deck and note events into the collection (the caller
 * holds the transaction and the sync_applying row, so no trigger takes these
 * writes for local edits).
 */
export class ContentApplier {
  constructor(
    private readonly db: WriteConnection,
    private readonly media: MediaReceiver,
    private readonly now: number,
    /** The cards the edits applied here leave to replay, as for edits that arrive with their card. */
    private readonly edits: ScheduleEditEffects,
  ) {}

  apply(e: ContentEvent): Outcome {
    if (e.type === 'deck') return this.deck(e);
    if (e.type === 'note') return this.note(e);
    return this.card(e);
  }

  private isBuiltin(deckId: string): boolean {
    return cached(this.db, "SELECT 1 FROM decks WHERE id = ? AND origin = 'builtin'").pluck().get(deckId) === 1;
  }

  /** A deck of one's own or an imported one; a built-in deck comes with the app and is never written from the folder. */
  private deck(e: DeckEvent): Outcome {
    if (this.isBuiltin(e.deck)) return 'ignored';
    // Deleted on some device after this change was made: the deletion stands (sync/schedule-edits.ts).
    const deleted = cached<string>(this.db, 'SELECT hlc FROM sync_fields WHERE field = ?').pluck().get(fieldKey(['deck', e.deck, 'deleted']));
    if (deleted !== undefined && deleted > e.hlc) return 'ignored';
    cached(this.db, `INSERT INTO decks (id, title, service_type, description, origin, created_at) VALUES (?, ?, ?, ?, 'imported', ?)
      ON CONFLICT (id) DO UPDATE SET title = excluded.title, service_type = excluded.service_type, description = excluded.description`)
      .run(e.deck, e.value.title, e.value.serviceType, e.value.description, this.now);
    return 'applied';
  }

  private note(e: NoteEvent): Outcome {
    if (e.value === null) {
      cached(this.db, 'DELETE FROM authored_notes WHERE note_key = ?').run(e.note);
      return 'applied';
    }
    cached(this.db, `INSERT INTO authored_notes (note_key, type, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (note_key) DO UPDATE SET type = excluded.type, fields = excluded.fields, updated_at = excluded.updated_at`)
      .run(e.note, e.value.type, JSON.stringify(e.value), this.now, this.now);
    // Its HTML cards (cloze) are its rendering: rendered here again, as the device that wrote them did.
    const cards = cached<{ id: number; key: string; content: string }>(this.db, 'SELECT id, key, content FROM cards WHERE source_deck_id = ? AND note_key = ? AND retired = 0')
      .all(authoredSource, e.note);
    for (const c of cards) {
      const rendered = this.fromNote(authoredSource, e.note, c.key, JSON.parse(c.content) as CardContent);
      if (rendered && JSON.stringify(rendered) !== c.content) cached(this.db, 'UPDATE cards SET content = ? WHERE id = ?').run(JSON.stringify(rendered), c.id);
    }
    return 'applied';
  }

  /**
   * A card written in the app whose text is HTML (a cloze deletion) is a
   * rendering of its note's plain-text fields: it is rendered from the note
   * here, exactly as on the device that wrote it, rather than taken as HTML
   * from the folder. Null when it is no such card or its note is not here.
   */
  private fromNote(sourceDeck: string, noteKey: string, key: string, content: CardContent): CardContent | null {
    if (sourceDeck !== authoredSource || content.kind !== 'basic' || !content.html) return null;
    const fields = cached<string>(this.db, 'SELECT fields FROM authored_notes WHERE note_key = ?').pluck().get(noteKey);
    if (fields === undefined) return null;
    // Only this card is rendered (a note's cards each hold its whole text: all of them per card would be cubic).
    const ord = key.startsWith(`${noteKey}-`) ? Number(key.slice(noteKey.length + 1)) : Number.NaN;
    if (!Number.isSafeInteger(ord) || ord < 0) return null;
    try {
      return cardOfNote(JSON.parse(fields) as NoteFields, ord)?.content ?? null;
    } catch {
      return null;
    }
  }

  private card(e: CardEvent): Outcome {
    const ref = e.card;
    if (this.isBuiltin(ref.deck)) return 'ignored';
    const here = cached<{ id: number; deckId: string; noteKey: string; content: string; source: string; tags: string; retired: number }>(this.db, 'SELECT id, deck_id AS deckId, note_key AS noteKey, content, source, tags, retired FROM cards WHERE source_deck_id = ? AND key = ?')
      .get(ref.deck, ref.key);
    const existing = here?.id;
    const v = e.value;
    if (v === null) {
      // Taken back on that device (an added card undone): gone here too, as there, unless it has answers here, which stay with it retired.
      if (existing === undefined) return 'ignored';
      const answered = cached(this.db, 'SELECT 1 FROM review_log WHERE card_id = ? LIMIT 1').pluck().get(existing) === 1;
      cached(this.db, answered ? 'UPDATE cards SET retired = 1 WHERE id = ?' : 'DELETE FROM cards WHERE id = ?').run(existing);
      return 'applied';
    }
    if (cached(this.db, 'SELECT 1 FROM decks WHERE id = ?').pluck().get(v.deckId) !== 1) return 'waiting';
    const content = this.fromNote(ref.deck, v.noteKey, ref.key, v.content) ?? this.localContent(v.content, v.media);
    const row = {
      deckId: v.deckId, sourceDeck: ref.deck, key: ref.key, noteKey: v.noteKey, kind: content.kind, content: JSON.stringify(content),
      owner: ownerOf(content), service: serviceOf(content), source: v.source, tags: v.tags, retired: v.retired ? 1 : 0,
    };
    if (here !== undefined) {
      // The same import on both devices: nothing to write.
      const same = here.deckId === row.deckId && here.noteKey === row.noteKey && here.content === row.content && here.source === row.source && here.tags === row.tags && here.retired === row.retired;
      if (same) return 'ignored';
      cached(this.db, `UPDATE cards SET deck_id = @deckId, kind = @kind, content = @content, owner = @owner, service = @service, source = @source,
        tags = @tags, note_key = @noteKey, retired = @retired WHERE id = @id`).run({ ...row, id: here.id });
      // A card's schedule is the replay of its answers under its deck's options: changed on another device (moved to
      // another deck, perhaps), it is replayed under its deck now, as the device that sent it did (card-content-events.ts).
      if (hasReplayableAnswers(this.db, here.id)) this.edits.touchedCards.add(here.id);
      return 'applied';
    }
    const position = oneRow(cached<number>(this.db, 'SELECT coalesce(max(position), 0) FROM cards').pluck().get()) + 1;
    cached(this.db, `INSERT INTO cards (deck_id, source_deck_id, key, note_key, kind, content, owner, service, source, tags, position, due, added_at, retired)
      VALUES (@deckId, @sourceDeck, @key, @noteKey, @kind, @content, @owner, @service, @source, @tags, @position, @now, @now, @retired)`)
      .run({ ...row, position, now: this.now });
    this.applyEditsThatWaited(ref.deck, ref.key);
    return 'applied';
  }

  /**
   * Edits of a card that won before the card arrived here (a suspension, a
   * burial, a flag, a reset, a due date set by hand: each recorded as its
   * field's winner then, with no card to change): applied now, as they were
   * on the device that made them.
   */
  private applyEditsThatWaited(deck: string, key: string): void {
    const winner = cached<string>(this.db, 'SELECT e.body FROM sync_fields f JOIN sync_events e ON e.id = f.event_id WHERE f.field = ?').pluck();
    for (const field of cardFields) {
      const body = winner.get(fieldKey(['card', deck, key, field]));
      if (body === undefined) continue;
      const parsed = setEventSchema.safeParse(JSON.parse(body));
      if (!parsed.success) continue;
      if (field !== 'suspended') applyScheduleEdit(this.db, parsed.data, this.edits);
      else if (typeof parsed.data.value === 'boolean') applySuspension(this.db, deck, key, parsed.data.value);
    }
  }

  /**
   * HTML from another device is cleaned again exactly as on import: only
   * images and sounds among the card's own media stay, renamed to where
   * this device keeps them.
   */
  private localContent(content: CardContent, refs: readonly MediaRef[]): CardContent {
    if (content.kind !== 'basic' || !content.html) return content;
    const byName = new Map(refs.map((r) => [r.name, r]));
    const resolve = (src: string): string | null => {
      const ref = byName.get(src.startsWith('media/') ? src.slice('media/'.length) : src);
      return ref ? this.media.localName(ref) : null;
    };
    // The note type's CSS is scoped again (a no-op for CSS this app scoped), its media renamed like the fields'.
    const style = content.css ? scopeCardCss(content.css, resolve) : null;
    return {
      ...content,
      front: sanitizeCardHtml(content.front, resolve, style?.classes),
      back: sanitizeCardHtml(content.back, resolve, style?.classes),
      ...(content.css ? { css: style!.css } : {}),
    };
  }
}
