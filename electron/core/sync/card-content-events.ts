import type { CardContent } from '../domain/types.js';
import { ContentApplier } from './card-content-apply.js';
import { hasReplayableAnswers } from './replay-cards.js';
import { authoredSource } from '../cards/card-authoring.js';
import { clozeNumberProblem, maxClozeNumber } from '../cards/note-types.js';
import { clozeNumbers } from '../importing/anki-templates.js';
import type { HybridClock } from './hybrid-clock.js';
import { cached } from '../db/statement-cache.js';
import { fetchWantedMedia, MediaPublisher, MediaReceiver, mediaNamesOf, republishOwnMedia, type MediaFetch } from './sync-media.js';
import {
  fieldKey,
  syncEventSchema,
  type CardEvent,
  type ContentEvent,
  type NoteEvent,
  type SyncEvent,
} from './sync-event.js';
import type { WriteConnection } from '../db/collection-door.js';
import type { ScheduleEditEffects } from './schedule-edits.js';
import { oneRow } from '../db/typed-statements.js';
import type { CardRecord, DeckRecord } from '../db/table-rows.js';

/*
 * Card, deck and authored-note content as events. The triggers of migration
 * 0009 mark what changed; a round sends each marked row whole, as it is then,
 * stamped by the hybrid logical clock. Every device keeps the event with the
 * highest stamp per card, deck or note (sync_fields, as for field edits) and
 * keeps the others as history in sync_content_events. A card whose deck is
 * not here yet waits (pending) and applies once the deck arrives; answers
 * waiting for that card then apply too (merge-events.ts, retryWaiting).
 */

type CardValue = NonNullable<CardEvent['value']>;

/** The field a content event competes for (its card, deck or note), as sync_fields keys it. */
export const contentFieldOf = (e: ContentEvent): string =>
  e.type === 'card' ? fieldKey(['card', e.card.deck, e.card.key, 'content']) : e.type === 'deck' ? fieldKey(['deck', e.deck, 'meta']) : fieldKey(['note', e.note]);

export interface TakenContent {
  events: number;
  /** Rows whose event would be refused on arrival (over a size bound): they stay here and do not travel. */
  tooLarge: number;
  /**
   * Answered cards whose content goes out: replayed here under the deck they are in now, as every other device
   * replays them when this event arrives, so a card moved to a deck with other options (an exam date) after an
   * answer ends with one schedule everywhere.
   */
  touchedCards: Set<number>;
}

/** Takes the marked cards, decks and notes into the event log and the outbox, in the caller's transaction. */
export function takeContentChanges(
  db: WriteConnection,
  ctx: { device: string; clock: HybridClock; now: number; mediaDir: string | null; deviceDir: string },
): TakenContent {
  const marks = cached<{ kind: 'card' | 'deck' | 'note'; ref: string; key: string; deckId: string | null }>(db, "SELECT kind, ref, key, deck_id AS deckId FROM sync_content_dirty ORDER BY CASE kind WHEN 'deck' THEN 0 WHEN 'note' THEN 1 ELSE 2 END, ref, key")
    .all();
  const taken: TakenContent = { events: 0, tooLarge: 0, touchedCards: new Set() };
  if (marks.length === 0) return taken;
  const deck = cached<Pick<DeckRecord, 'title' | 'service_type' | 'description' | 'origin'>>(db, 'SELECT title, service_type, description, origin FROM decks WHERE id = ?');
  const deckExists = cached(db, 'SELECT 1 FROM decks WHERE id = ?').pluck();
  const note = cached<string>(db, 'SELECT fields FROM authored_notes WHERE note_key = ?').pluck();
  const card = cached<Pick<CardRecord, 'id' | 'deck_id' | 'note_key' | 'content' | 'source' | 'tags' | 'retired'>>(db, 'SELECT id, deck_id, note_key, content, source, tags, retired FROM cards WHERE source_deck_id = ? AND key = ?');
  const store = cached(db, 'INSERT OR IGNORE INTO sync_content_events (id, device, type, hlc, field, body) VALUES (?, ?, ?, ?, ?, ?)');
  const winner = cached(db, `INSERT INTO sync_fields (field, hlc, event_id) VALUES (?, ?, ?)
    ON CONFLICT (field) DO UPDATE SET hlc = excluded.hlc, event_id = excluded.event_id WHERE excluded.hlc > sync_fields.hlc`);
  const outbox = cached(db, 'INSERT OR IGNORE INTO sync_outbox (event_id, body) VALUES (?, ?)');
  const media = new MediaPublisher(ctx.mediaDir, ctx.deviceDir);
  const stamp = () => ctx.clock.tick(ctx.now);

  for (const m of marks) {
    let event: ContentEvent | null = null;
    /** The card this event carries, when it is here. */
    let cardId: number | undefined;
    if (m.kind === 'deck') {
      const d = deck.get(m.ref);
      if (d && d.origin !== 'builtin') {
        const hlc = stamp();
        event = { type: 'deck', id: `d:${hlc}`, device: ctx.device, hlc, deck: m.ref, value: { title: d.title, serviceType: d.service_type, description: d.description } };
      }
    } else if (m.kind === 'note') {
      const fields = note.get(m.ref);
      const hlc = stamp();
      event = { type: 'note', id: `n:${hlc}`, device: ctx.device, hlc, note: m.ref, value: fields === undefined ? null : (JSON.parse(fields) as NoteEvent['value']) };
    } else {
      const c = card.get(m.ref, m.key);
      cardId = c?.id;
      // A card deleted together with its deck is no event: deleting a deck does not travel.
      if (c || (m.deckId !== null && deckExists.get(m.deckId) === 1)) {
        const hlc = stamp();
        const content = c ? (JSON.parse(c.content) as CardContent) : null;
        event = {
          type: 'card',
          id: `c:${hlc}`,
          device: ctx.device,
          hlc,
          card: { deck: m.ref, key: m.key },
          value:
            c && content
              ? { deckId: c.deck_id, noteKey: c.note_key, content: content as CardValue['content'], source: c.source, tags: c.tags, retired: c.retired !== 0, media: media.publish(mediaNamesOf(content)) }
              : null,
        };
      }
    }
    if (!event) continue;
    // What the others would refuse is not sent (it would only be counted there as invalid).
    if (!syncEventSchema.safeParse(event).success) {
      taken.tooLarge += 1;
      continue;
    }
    const body = JSON.stringify(event);
    store.run(event.id, ctx.device, event.type, event.hlc, contentFieldOf(event), body);
    winner.run(contentFieldOf(event), event.hlc, event.id);
    outbox.run(event.id, body);
    taken.events += 1;
    if (cardId !== undefined && hasReplayableAnswers(db, cardId)) taken.touchedCards.add(cardId);
  }
  cached(db, 'DELETE FROM sync_content_dirty').run();
  return taken;
}

/** A note with cloze numbers past c200, or a card of one: the rule the editor applies (note-types.ts), here before anything is stored. */
function pastNoteLimits(e: ContentEvent): boolean {
  if (e.type === 'note') return e.value?.type === 'cloze' && clozeNumberProblem(clozeNumbers(e.value.text)) !== null;
  if (e.type !== 'card' || e.card.deck !== authoredSource || e.value === null) return false;
  const ord = Number(e.card.key.slice(e.value.noteKey.length + 1));
  return e.card.key.startsWith(`${e.value.noteKey}-`) && Number.isSafeInteger(ord) && ord >= maxClozeNumber;
}

/** Puts back the media this device's own card events name, after its change files were written again. */
export function republishOwnContentMedia(db: WriteConnection, device: string, mediaDir: string | null, deviceDir: string): number {
  const bodies = cached<string>(db, "SELECT body FROM sync_content_events WHERE device = ? AND type = 'card' AND body LIKE '%\"sha256\"%'").pluck().all(device);
  const refs = bodies.flatMap((b) => (JSON.parse(b) as CardEvent).value?.media ?? []);
  return republishOwnMedia(refs, mediaDir, deviceDir);
}

/** Every content event this device made, for writing its change files again (change-file-output.ts). */
export function ownContentEventBodies(db: WriteConnection, device: string): string[] {
  return cached<string>(db, 'SELECT body FROM sync_content_events WHERE device = ? ORDER BY rowid').pluck().all(device);
}

export interface ContentMerge {
  added: number;
  /** Notes and cards past what the app makes (cloze numbers past c200): refused, as the editor refuses them. */
  refused: number;
  /** Winning events written into the collection. */
  applied: number;
  /** Winning card events whose deck is not here yet. */
  waiting: number;
  media: MediaFetch;
}

/**
 * Merges the content events among `events` (deck, note and card, in that
 * order), retries cards that waited for their deck, and fetches the media
 * cards want, in the caller's transaction. Runs before mergeEvents, so
 * answers in the same batch find the cards that arrive with them.
 */
export function mergeContentEvents(db: WriteConnection, events: readonly SyncEvent[], clock: HybridClock, ctx: {
    folder: string;
    mediaDir: string | null;
    now: number;
    /** Where the edits that had waited for an arriving card note the cards they leave to replay. */
    edits: ScheduleEditEffects;
  },
): ContentMerge {
  const result: ContentMerge = { added: 0, refused: 0, applied: 0, waiting: 0, media: { written: 0, refused: 0, waiting: 0 } };
  const content = events.filter((e): e is ContentEvent => e.type === 'card' || e.type === 'deck' || e.type === 'note');
  const hasPending = cached(db, 'SELECT EXISTS (SELECT 1 FROM sync_content_events WHERE pending = 1)').pluck().get() === 1;
  const hasWanted = cached(db, 'SELECT EXISTS (SELECT 1 FROM sync_media_wanted)').pluck().get() === 1;
  if (content.length === 0 && !hasPending && !hasWanted) return result;
  const apply = new ContentApplier(db, new MediaReceiver(db, ctx.mediaDir), ctx.now, ctx.edits);
  cached(db, 'INSERT OR IGNORE INTO sync_applying (one) VALUES (1)').run();
  try {
    const order = { deck: 0, note: 1, card: 2 } as const;
    const sorted = [...content].sort((a, b) => order[a.type] - order[b.type]);
    const store = cached(db, 'INSERT OR IGNORE INTO sync_content_events (id, device, type, hlc, field, body) VALUES (?, ?, ?, ?, ?, ?)');
    // Becomes the winner only over an older stamp (no row changes when it loses).
    const win = cached(db, `INSERT INTO sync_fields (field, hlc, event_id) VALUES (?, ?, ?)
      ON CONFLICT (field) DO UPDATE SET hlc = excluded.hlc, event_id = excluded.event_id WHERE excluded.hlc > sync_fields.hlc`);
    const settle = cached(db, 'UPDATE sync_content_events SET pending = 0 WHERE field = ? AND pending = 1');
    const wait = cached(db, 'UPDATE sync_content_events SET pending = 1 WHERE id = ?');
    let anyPending = hasPending;
    // Notes come before cards: the cards of a note refused here are refused with it.
    const refusedNotes = new Set<string>();
    for (const e of sorted) {
      if (pastNoteLimits(e) || (e.type === 'card' && e.value !== null && refusedNotes.has(e.value.noteKey))) {
        if (e.type === 'note') refusedNotes.add(e.note);
        result.refused += 1;
        continue;
      }
      const field = contentFieldOf(e);
      if (store.run(e.id, e.device, e.type, e.hlc, field, JSON.stringify(e)).changes === 0) continue;
      result.added += 1;
      clock.receive(e.hlc);
      if (win.run(field, e.hlc, e.id).changes === 0) continue;
      // A card that waited under an older stamp waits no more: this one decides.
      if (anyPending) settle.run(field);
      const outcome = apply.apply(e);
      if (outcome === 'applied') result.applied += 1;
      else if (outcome === 'waiting') {
        wait.run(e.id);
        anyPending = true;
      }
    }
    // Winning cards that waited for their deck: the deck may have come in this batch or an earlier one.
    const waiting = cached<{ id: string; body: string }>(db, `SELECT e.id, e.body FROM sync_content_events e JOIN sync_fields f ON f.field = e.field AND f.event_id = e.id WHERE e.pending = 1`).all();
    const done = cached(db, 'UPDATE sync_content_events SET pending = 0 WHERE id = ?');
    for (const w of waiting) {
      if (apply.apply(JSON.parse(w.body) as ContentEvent) === 'waiting') continue;
      done.run(w.id);
      result.applied += 1;
    }
    result.waiting = oneRow(cached<number>(db, 'SELECT count(*) FROM sync_content_events WHERE pending = 1').pluck().get());
    result.media = fetchWantedMedia(db, ctx.folder, ctx.mediaDir);
  } finally {
    cached(db, 'DELETE FROM sync_applying').run();
  }
  return result;
}
