import { cached } from '../db/statement-cache.js';
import type { FsrsScheduler } from '../scheduling/fsrs-scheduler.js';
import type { MemoryState } from '../scheduling/memory-state.js';
import { arrivedHistory, type ArrivedAnswers } from './arrived-answers.js';
import { stableCardNumber } from '../scheduling/card-number.js';
import { replayAnswers, schedulerFingerprint, withManualDue, type ReplayAnswer } from './card-replay.js';
import type { WriteConnection } from '../db/collection-door.js';
import type { DeckRecord } from '../db/table-rows.js';

interface Checkpoint {
  at: number;
  eventId: string;
  fingerprint: string;
  memory: string;
  count: number;
}

const progressEvery = 5000;

/**
 * Whether a card has answers a replay schedules it from (shared, with an event id, and not cram): a card
 * without them is left as it stands, since a replay of nothing would make it new.
 */
export function hasReplayableAnswers(db: WriteConnection, cardId: number): boolean {
  return cached(db, "SELECT EXISTS (SELECT 1 FROM review_log WHERE card_id = ? AND event_id IS NOT NULL AND kind IN ('learning', 'review', 'relearning'))").pluck().get(cardId) === 1;
}

/**
 * Sets each card's scheduling state to the replay of its merged history, in
 * the caller's transaction. A card whose stored replay state is still valid
 * (same scheduling settings, nothing inserted or removed before it) only
 * folds in the answers after it; the rest replay from the first answer.
 */
export function replayCards(
  db: WriteConnection,
  schedulerFor: (deckId: string) => FsrsScheduler,
  cardIds: Iterable<number>,
  fullReplay: ReadonlySet<number>,
  arrived: ArrivedAnswers | null = null,
  onProgress?: (done: number) => void,
): number {
  // The replay reads its own shapes (ReplayAnswer, Checkpoint): the aliases are their field names.
  const card = cached<{ deckId: string; deck: string; key: string; resetAt: number; setDue: string | null }>(db, 'SELECT deck_id AS deckId, source_deck_id AS deck, key, reset_at AS resetAt, set_due AS setDue FROM cards WHERE id = ?');
  const examDates = new Map(
    cached<Pick<DeckRecord, 'id' | 'exam_date'>>(db, 'SELECT id, exam_date FROM decks').all().map((d) => [d.id, d.exam_date]),
  );
  const checkpoint = cached<Checkpoint>(db, `SELECT at, event_id AS eventId, fingerprint, memory,
      (SELECT count(*) FROM review_log r WHERE r.card_id = p.card_id AND r.kind IN ('learning', 'review', 'relearning')
        AND (r.reviewed_at < p.at OR (r.reviewed_at = p.at AND r.event_id <= p.event_id))) AS count
    FROM sync_card_replay p WHERE card_id = ?`);
  const all = cached<ReplayAnswer>(db, `SELECT reviewed_at AS at, event_id AS eventId, rating, kind FROM review_log
    WHERE card_id = ? AND kind IN ('learning', 'review', 'relearning') AND event_id IS NOT NULL ORDER BY reviewed_at, event_id`);
  const after = cached<ReplayAnswer, [{ id: number; at: number; eventId: string }]>(db, `SELECT reviewed_at AS at, event_id AS eventId, rating, kind FROM review_log
    WHERE card_id = @id AND kind IN ('learning', 'review', 'relearning') AND event_id IS NOT NULL
      AND (reviewed_at > @at OR (reviewed_at = @at AND event_id > @eventId)) ORDER BY reviewed_at, event_id`);
  const update = cached(db, `UPDATE cards SET state = @state, due = @due, stability = @stability, difficulty = @difficulty,
    scheduled_days = @scheduledDays, learning_steps = @learningSteps, reps = @reps, lapses = @lapses, last_review = @lastReview WHERE id = @id`);
  const saveCheckpoint = cached(db, `INSERT INTO sync_card_replay (card_id, at, event_id, fingerprint, memory) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (card_id) DO UPDATE SET at = excluded.at, event_id = excluded.event_id, fingerprint = excluded.fingerprint, memory = excluded.memory`);
  const dropCheckpoint = cached(db, 'DELETE FROM sync_card_replay WHERE card_id = ?');

  let replayed = 0;
  for (const id of cardIds) {
    const c = card.get(id);
    if (!c) continue;
    // The deck's own preset and exam date, as answering schedules it.
    const scheduler = schedulerFor(c.deckId);
    // A stored replay state made before the card's reset arrived folded answers the reset forgets.
    const fingerprint = schedulerFingerprint(scheduler.settings, examDates.get(c.deckId) ?? null) + (c.resetAt > 0 ? `|reset ${c.resetAt}` : '');
    const ref = { stableId: stableCardNumber(c.deck, c.key), deckId: c.deckId };
    const cp = fullReplay.has(id) ? undefined : checkpoint.get(id);
    const storedCount = cp ? (JSON.parse(cp.memory) as { count: number }).count : -1;
    let memory: MemoryState;
    let last: ReplayAnswer | undefined;
    let count: number;
    if (cp && cp.fingerprint === fingerprint && storedCount === cp.count) {
      const rest = after.all({ id, at: cp.at, eventId: cp.eventId });
      memory = replayAnswers(scheduler, ref, rest, (JSON.parse(cp.memory) as { memory: MemoryState }).memory);
      last = rest.at(-1) ?? { at: cp.at, eventId: cp.eventId, rating: 0, kind: 'review' };
      count = cp.count + rest.length;
    } else {
      const history = arrivedHistory(db, arrived, id) ?? all.all(id);
      const answers = c.resetAt > 0 ? history.filter((a) => a.at >= c.resetAt) : history;
      memory = replayAnswers(scheduler, ref, answers);
      last = answers.at(-1);
      count = answers.length;
    }
    update.run({ id, ...withManualDue(memory, c.setDue, c.resetAt, last?.at ?? null) });
    if (last) saveCheckpoint.run(id, last.at, last.eventId, fingerprint, JSON.stringify({ memory, count }));
    else dropCheckpoint.run(id);
    replayed += 1;
    // A first sync replays every card: progress (and the chance to stop) every few thousand.
    if (onProgress && replayed % progressEvery === 0) onProgress(replayed);
  }
  return replayed;
}
