import type { Migration } from './migration.js';

/*
 * The load balancer's per-day counts (scheduling/deck-load.ts), kept by
 * triggers instead of counted from the due index on every window:
 *
 * - due_load_slots: the review cards (state 2, not suspended, not retired,
 *   with a last review) of each deck by the quarter hour of their due time
 *   (due / 900,000 ms). Every study day begins and ends on a quarter hour
 *   (a rollover hour in local time, and every time zone's offset is a whole
 *   number of quarter hours), so a day's count is the sum over its slots:
 *   96 small rows read by key, however many cards the deck holds.
 * - cards_reviewed_since: the same cards by last review, so the few reviewed
 *   today (which the balancer leaves out) are found without a pass.
 *
 * A bulk load that sets the card triggers aside must run
 * `dueLoadSlotsBackfill` afterwards.
 */

/** The quarter hour a due time falls in. */
export const dueSlotMs = 900_000;

const counted = (row: 'NEW' | 'OLD') => `${row}.state = 2 AND ${row}.suspended = 0 AND ${row}.retired = 0 AND ${row}.last_review IS NOT NULL`;
const slotOf = (row: 'NEW' | 'OLD') => `CAST(${row}.due / ${dueSlotMs} AS INTEGER)`;
const up = (when: string) => `INSERT INTO due_load_slots (deck_id, slot, n) SELECT NEW.deck_id, ${slotOf('NEW')}, 1 WHERE ${when}
    ON CONFLICT (deck_id, slot) DO UPDATE SET n = n + 1;`;
const down = (when: string) => `UPDATE due_load_slots SET n = n - 1 WHERE ${when} AND deck_id = OLD.deck_id AND slot = ${slotOf('OLD')};`;
const moved = `(OLD.deck_id IS NOT NEW.deck_id OR OLD.state IS NOT NEW.state OR OLD.due IS NOT NEW.due OR OLD.suspended IS NOT NEW.suspended
    OR OLD.retired IS NOT NEW.retired OR (OLD.last_review IS NULL) <> (NEW.last_review IS NULL))`;

/** Rebuilds the slots from the cards. */
export const dueLoadSlotsBackfill = `
  DELETE FROM due_load_slots;
  INSERT INTO due_load_slots (deck_id, slot, n)
    SELECT deck_id, CAST(due / ${dueSlotMs} AS INTEGER), count(*) FROM cards
    WHERE state = 2 AND suspended = 0 AND retired = 0 AND last_review IS NOT NULL GROUP BY 1, 2;
`;

export const dueLoadSlots: Migration = {
  version: 16,
  name: 'due-load-slots',
  up: `
    CREATE TABLE due_load_slots (
      deck_id TEXT NOT NULL,
      slot INTEGER NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (deck_id, slot)
    ) WITHOUT ROWID;
    ${dueLoadSlotsBackfill}
    CREATE INDEX cards_reviewed_since ON cards (last_review, deck_id, due) WHERE state = 2 AND suspended = 0 AND retired = 0;

    CREATE TRIGGER cards_due_slots_insert AFTER INSERT ON cards WHEN ${counted('NEW')} BEGIN
      ${up('true')}
    END;
    CREATE TRIGGER cards_due_slots_delete AFTER DELETE ON cards WHEN ${counted('OLD')} BEGIN
      ${down('true')}
    END;
    CREATE TRIGGER cards_due_slots_update AFTER UPDATE OF deck_id, state, due, suspended, retired, last_review ON cards
    WHEN ${moved} AND ((${counted('OLD')}) OR (${counted('NEW')})) BEGIN
      ${down(`(${counted('OLD')})`)}
      ${up(`(${counted('NEW')})`)}
    END;
  `,
};
