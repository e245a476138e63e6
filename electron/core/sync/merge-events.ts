import { cached } from '../db/statement-cache.js';
import { withBulkReviewAppend } from '../db/review-log-bulk-append.js';
import { settingsPatchSchema } from '../settings/settings-schema.js';
import { decodeHlc, type HybridClock } from './hybrid-clock.js';
import { latestExamDay } from '../domain/calendar-date.js';
import { dayOfDate } from '../domain/day-clock.js';
import { deckOptionSchemas } from '../domain/value-rules.js';
import { applyScheduleEdit, applySuspension, isScheduleEdit } from './schedule-edits.js';
import { noteArrival, type ArrivedAnswers } from './arrived-answers.js';
import { fieldKey, type AnswerEvent, type SetEvent, type SyncEvent, type UndoEvent } from './sync-event.js';
import type { WriteConnection } from '../db/collection-door.js';
import { oneRow } from '../db/typed-statements.js';

export interface MergeResult {
  /** Events new to this device. */
  added: number;
  /** Answers (new or waiting) now in the review log. */
  answersApplied: number;
  undosApplied: number;
  editsApplied: number;
  /** Answers for cards this device does not have: kept, and applied once the card exists. */
  waiting: number;
  touchedCards: Set<number>;
  /** Cards whose history lost or gained an answer before their stored replay state: replayed from the start. */
  fullReplay: Set<number>;
  settingsChanged: boolean;
  /** Stored replay states seen during this merge (null: none). */
  checkpoints: Map<number, { at: number; eventId: string } | null>;
  /** What this merge put into the log, for the replay (see `ArrivedAnswers`). */
  arrived: ArrivedAnswers;
  /** Undos refused: of another device's answer, or of an answer of another card. */
  refusedNotTheirs: number;
  /** Undos refused because their device already has `maxUndosWaiting` waiting for answers that never came. */
  refusedFlood: number;
}

/**
 * Undos of answers not here (yet) that one device may have waiting. An undo
 * is written only for an answer that has travelled, so it normally finds its
 * answer, or waits a round or two for a file a sync engine delivers late;
 * thousands waiting are a flood of undos of nothing, not kept.
 */
export const maxUndosWaiting = 5000;

/** Above this many answers in one merge, the log's aggregates are brought up to date in bulk rather than row by row. */
const bulkThreshold = 2000;

/**
 * Merges events into the collection, in the caller's transaction: the union
 * of what is here and what arrived, duplicates dropped by id. An answer goes
 * into the review log unless an undo of it is known; an undo removes its
 * answer; a field edit applies when its hybrid logical clock stamp beats the
 * field's current winner (the loser stays in sync_events as history).
 */
export function mergeEvents(db: WriteConnection, events: readonly SyncEvent[], clock: HybridClock): MergeResult {
  const result: MergeResult = {
    added: 0,
    answersApplied: 0,
    undosApplied: 0,
    editsApplied: 0,
    waiting: 0,
    touchedCards: new Set(),
    fullReplay: new Set(),
    settingsChanged: false,
    checkpoints: new Map(),
    arrived: { lastIdBefore: 0, answers: new Map() },
    refusedNotTheirs: 0,
    refusedFlood: 0,
  };
  const s = statements(db);
  result.arrived.lastIdBefore = oneRow(cached<number>(db, 'SELECT coalesce(max(id), 0) FROM review_log').pluck().get());
  cached(db, 'INSERT OR IGNORE INTO sync_applying (one) VALUES (1)').run();
  try {
    // Undos first: an answer and its undo in the same batch never touch the log.
    const undos = events.filter((e): e is UndoEvent => e.type === 'undo');
    const answers = events.filter((e): e is AnswerEvent => e.type === 'answer');
    const sets = events.filter((e): e is SetEvent => e.type === 'set');
    const waitingUndos = new WaitingUndos(s);
    for (const u of undos) applyUndo(s, u, result, waitingUndos);
    const addAnswers = () => {
      const cards = new Map<string, number | undefined>();
      for (const a of answers) {
        // An answer whose undo came first (from the device that gave it) never enters the log.
        if (waitingUndos.any && waitingUndos.settle(a)) continue;
        applyAnswer(s, a, result, cards);
      }
      retryWaiting(db, s, result);
    };
    if (answers.length > bulkThreshold) withBulkReviewAppend(db, addAnswers);
    else addAnswers();
    // Presets before the decks that use them, so that an assignment finds its preset.
    const order = (e: SetEvent) => (e.field[0] === 'preset' ? 0 : 1);
    for (const e of [...sets].sort((a, b) => order(a) - order(b))) applySet(db, s, e, clock, result);
  } finally {
    cached(db, 'DELETE FROM sync_applying').run();
  }
  return result;
}

function statements(db: WriteConnection) {
  return {
    cardByRef: cached<number>(db, 'SELECT id FROM cards WHERE source_deck_id = ? AND key = ?').pluck(),
    // Known here already as an event: waiting for its card, or undone. (An answer already in the
    // log is told by its insert doing nothing: one probe of the event index, not two.)
    answerHeld: cached(db, "SELECT EXISTS (SELECT 1 FROM sync_events WHERE id IN (@id, 'undo:' || @id))").pluck(),
    eventHas: cached(db, 'SELECT 1 FROM sync_events WHERE id = ?').pluck(),
    insertEvent: cached(db, `INSERT OR IGNORE INTO sync_events (id, device, type, hlc, field, answer_id, card_deck, card_key, pending, body)
      VALUES (@id, @device, @type, @hlc, @field, @answerId, @deck, @key, @pending, @body)`),
    deleteLogByEvent: cached<number>(db, 'DELETE FROM review_log WHERE event_id = ? RETURNING card_id').pluck(),
    deletePending: cached(db, "DELETE FROM sync_events WHERE id = ? AND type = 'answer'"),
    insertLog: cached(db, `INSERT INTO review_log
      (card_id, reviewed_at, day, rating, state_before, kind, scheduled_days, elapsed_days, duration_ms, stability_after, difficulty_after, picked_owner, correct, event_id, event_device)
      VALUES (@cardId, @at, @day, @rating, @stateBefore, @kind, @scheduledDays, @elapsedDays, @durationMs, @stability, @difficulty, @pickedOwner, @correct, @id, @device)
      ON CONFLICT (event_id) WHERE event_id IS NOT NULL DO NOTHING`),
    winner: cached<string>(db, 'SELECT hlc FROM sync_fields WHERE field = ?').pluck(),
    putWinner: cached(db, `INSERT INTO sync_fields (field, hlc, event_id) VALUES (?, ?, ?)
      ON CONFLICT (field) DO UPDATE SET hlc = excluded.hlc, event_id = excluded.event_id`),
    putSetting: cached(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    checkpoint: cached<{ at: number; eventId: string }>(db, 'SELECT at, event_id AS eventId FROM sync_card_replay WHERE card_id = ?'),
    deckOption: {
      newPerDay: cached(db, 'UPDATE decks SET new_per_day = ? WHERE id = ?'),
      reviewsPerDay: cached(db, 'UPDATE decks SET reviews_per_day = ? WHERE id = ?'),
      examDate: cached(db, 'UPDATE decks SET exam_date = ? WHERE id = ?'),
    },
    // The answer an undo names, with the device that gave it: in the log, or waiting here (for its card, or for its time).
    loggedAnswer: cached<{ cardId: number; device: string | null; deck: string; key: string }>(db, `SELECT r.card_id AS cardId, r.event_device AS device, c.source_deck_id AS deck, c.key FROM review_log r
      JOIN cards c ON c.id = r.card_id WHERE r.event_id = ?`),
    heldAnswer: cached<{ device: string; deck: string; key: string }>(db, "SELECT device, card_deck AS deck, card_key AS key FROM sync_events WHERE id = ? AND type = 'answer'"),
    anyWaitingUndo: cached(db, `SELECT EXISTS (SELECT 1 FROM sync_events WHERE pending = ${undoWaiting})`).pluck(),
    waitingUndosOf: cached<number>(db, `SELECT count(*) FROM sync_events WHERE device = ? AND pending = ${undoWaiting}`).pluck(),
    waitingUndo: cached<string>(db, `SELECT body FROM sync_events WHERE id = ? AND pending = ${undoWaiting}`).pluck(),
    // Every device's waiting undo of one answer: ids `undo:<answer>@<device>` (device ids are hex, below 'g').
    dropWaitingUndos: cached(db, `DELETE FROM sync_events WHERE id > ? AND id < ? AND pending = ${undoWaiting}`),
  };
}

/** sync_events.pending of an undo whose answer is not here: it waits for it (as an answer waits for its card, pending = 1). */
const undoWaiting = 3;
type Statements = ReturnType<typeof statements>;

/**
 * An undo takes back an answer only for the device that gave it, and only
 * an answer of the card it names. Its answer here (in the log, or waiting):
 * checked and taken back, or refused. Its answer not here yet: the undo waits
 * for it under its own device (`undo:<answer>@<device>`), so an undo forged
 * in another device's name can neither take the answer back when it comes
 * nor crowd out the real one; at most `maxUndosWaiting` per device.
 */
function applyUndo(s: Statements, u: UndoEvent, r: MergeResult, waiting: WaitingUndos): void {
  if (u.id !== `undo:${u.answer}`) {
    r.refusedNotTheirs += 1;
    return;
  }
  if (s.eventHas.get(u.id) !== undefined) return;
  const logged = s.loggedAnswer.get(u.answer);
  const target = logged ?? s.heldAnswer.get(u.answer);
  if (target) {
    if (target.device !== u.device || target.deck !== u.card.deck || target.key !== u.card.key) {
      r.refusedNotTheirs += 1;
      return;
    }
    s.insertEvent.run({ id: u.id, device: u.device, type: 'undo', hlc: null, field: null, answerId: u.answer, deck: u.card.deck, key: u.card.key, pending: 0, body: JSON.stringify(u) });
    r.added += 1;
    s.deletePending.run(u.answer);
    const cardId = logged ? s.deleteLogByEvent.get(u.answer) : undefined;
    if (cardId !== undefined) {
      r.undosApplied += 1;
      r.touchedCards.add(cardId);
      r.fullReplay.add(cardId);
    }
    return;
  }
  if (waiting.countOf(u.device) >= maxUndosWaiting) {
    r.refusedFlood += 1;
    return;
  }
  if (s.insertEvent.run({ id: `${u.id}@${u.device}`, device: u.device, type: 'undo', hlc: null, field: null, answerId: u.answer, deck: u.card.deck, key: u.card.key, pending: undoWaiting, body: JSON.stringify(u) }).changes > 0) {
    r.added += 1;
    waiting.added(u.device);
  }
}

/** The undos waiting for their answers, as one merge meets them. */
class WaitingUndos {
  any: boolean;
  private readonly counts = new Map<string, number>();

  constructor(private readonly s: Statements) {
    this.any = s.anyWaitingUndo.get() === 1;
  }

  countOf(device: string): number {
    let n = this.counts.get(device);
    if (n === undefined) {
      n = oneRow(this.s.waitingUndosOf.get(device));
      this.counts.set(device, n);
    }
    return n;
  }

  added(device: string): void {
    this.counts.set(device, this.countOf(device) + 1);
    this.any = true;
  }

  /**
   * An answer arriving: its own device's waiting undo takes it back (true:
   * it never enters the log, and the undo is kept as any undo is); undos of
   * it in other devices' names are dropped as the forgeries they are.
   */
  settle(a: AnswerEvent): boolean {
    const own = this.s.waitingUndo.get(`undo:${a.id}@${a.device}`);
    this.s.dropWaitingUndos.run(`undo:${a.id}@`, `undo:${a.id}@g`);
    this.counts.clear();
    if (own === undefined) return false;
    const u = JSON.parse(own) as UndoEvent;
    if (u.card.deck !== a.card.deck || u.card.key !== a.card.key) return false;
    this.s.insertEvent.run({ id: u.id, device: u.device, type: 'undo', hlc: null, field: null, answerId: u.answer, deck: u.card.deck, key: u.card.key, pending: 0, body: own });
    return true;
  }
}

function applyAnswer(s: Statements, a: AnswerEvent, r: MergeResult, cards: Map<string, number | undefined>): void {
  if (s.answerHeld.get({ id: a.id }) === 1) return;
  const ref = `${a.card.deck}\u0000${a.card.key}`;
  if (!cards.has(ref)) cards.set(ref, s.cardByRef.get(a.card.deck, a.card.key));
  const cardId = cards.get(ref);
  if (cardId === undefined) {
    // A card this device lacks has no log rows, so the answer cannot be in the log.
    s.insertEvent.run({
      id: a.id, device: a.device, type: 'answer', hlc: null, field: null, answerId: null, deck: a.card.deck, key: a.card.key, pending: 1, body: JSON.stringify(a),
    });
    r.added += 1;
    r.waiting += 1;
    return;
  }
  if (insertAnswer(s, a, cardId, r)) r.added += 1;
}

/** Puts an answer into the log; false when the log holds it already. */
function insertAnswer(s: Statements, a: AnswerEvent, cardId: number, r: MergeResult): boolean {
  if (s.insertLog.run({ ...a, cardId, correct: a.correct === null ? null : a.correct ? 1 : 0 }).changes === 0) return false;
  r.answersApplied += 1;
  noteArrival(r.arrived, cardId, a);
  if (r.fullReplay.has(cardId)) return true;
  // A card's stored replay state is looked up once per merge: later answers only matter if they land before it.
  let cp = r.checkpoints.get(cardId);
  if (cp === undefined) {
    cp = s.checkpoint.get(cardId) ?? null;
    r.checkpoints.set(cardId, cp);
    r.touchedCards.add(cardId);
  }
  if (cp && (a.at < cp.at || (a.at === cp.at && a.id <= cp.eventId))) r.fullReplay.add(cardId);
  return true;
}

/** Answers that waited for their card: applied once an import (or a deck's arrival) creates it. */
function retryWaiting(db: WriteConnection, s: Statements, r: MergeResult): void {
  const rows = cached<{ id: string; body: string; cardId: number }>(db, `SELECT e.id, e.body, c.id AS cardId FROM sync_events e JOIN cards c ON c.source_deck_id = e.card_deck AND c.key = e.card_key
      WHERE e.pending = 1`)
    .all();
  for (const row of rows) {
    s.deletePending.run(row.id);
    insertAnswer(s, JSON.parse(row.body) as AnswerEvent, row.cardId, r);
  }
  r.waiting = oneRow(cached<number>(db, 'SELECT count(*) FROM sync_events WHERE pending = 1').pluck().get());
}

function applySet(db: WriteConnection, s: Statements, e: SetEvent, clock: HybridClock, r: MergeResult): void {
  const key = fieldKey(e.field);
  const inserted = s.insertEvent.run({
    id: e.id, device: e.device, type: 'set', hlc: e.hlc, field: key, answerId: null, deck: null, key: null, pending: 0, body: JSON.stringify(e),
  });
  if (inserted.changes === 0) return;
  r.added += 1;
  clock.receive(e.hlc);
  const current = s.winner.get(key);
  if (current !== undefined && current >= e.hlc) return;
  s.putWinner.run(key, e.hlc, e.id);
  if (isScheduleEdit(e)) {
    if (applyScheduleEdit(db, e, r)) r.editsApplied += 1;
    return;
  }
  if (applyValue(db, s, e)) r.editsApplied += 1;
  if (e.field[0] === 'setting' || e.field[0] === 'deck') r.settingsChanged = true;
}

/**
 * Writes a winning edit; a value that is not valid for its field is kept in
 * history but never applied. Valid means what the API accepts
 * (domain/value-rules.ts, settings-schema.ts), the exam date's window
 * included: measured from the day of the edit's own stamp.
 */
function applyValue(db: WriteConnection, s: Statements, e: SetEvent): boolean {
  const f = e.field;
  if (f[0] === 'preset') return false;
  if (f[0] === 'card') {
    if (f[3] !== 'suspended' || typeof e.value !== 'boolean') return false;
    return applySuspension(db, f[1], f[2], e.value);
  }
  if (f[0] === 'deck') {
    const option = f[2];
    if (option === 'preset' || option === 'deleted') return false;
    const parsed = deckOptionSchemas[option].safeParse(e.value);
    if (!parsed.success || (option === 'examDate' && !examDateFitsStamp(parsed.data as string | null, e.hlc))) return false;
    return s.deckOption[option].run(parsed.data, f[1]).changes > 0;
  }
  const parsed = settingsPatchSchema.safeParse({ [f[1]]: e.value });
  if (!parsed.success) return false;
  if (f[1] === 'examDate' && !examDateFitsStamp(parsed.data.examDate ?? null, e.hlc)) return false;
  s.putSetting.run(f[1], JSON.stringify(e.value));
  return true;
}

/**
 * The API takes an exam date from today to five years on. An edit's stamp is
 * never earlier than the edit (it may be much later: a device that syncs
 * after weeks away stamps then), so a date past five years from the day of
 * its stamp (a day of slack for the time zones) is no date the API took;
 * judged by the stamp, every device judges it alike, whenever it arrives.
 */
function examDateFitsStamp(date: string | null, hlc: string): boolean {
  if (date === null) return true;
  const stamp = decodeHlc(hlc);
  return stamp !== null && dayOfDate(date) <= latestExamDay(Math.floor(stamp.ms / 86_400_000) + 1);
}
