import type Database from 'better-sqlite3';

/**
 * Every deck's write counter (deck_card_writes, moved by a trigger on every
 * write to one of its cards or their log rows, in the same transaction) as
 * one string: a figure read under one value stays true while it stands.
 */
export function allDeckStamps(db: Database.Database): string {
  return db.prepare<[], string | null>("SELECT group_concat(deck_id || ':' || stamp, ' ') FROM (SELECT deck_id, stamp FROM deck_card_writes ORDER BY deck_id)").pluck().get() ?? '';
}

/** Every deck's write counter, by deck id: a deck's figures read under its counter hold until it moves. */
export function deckWriteStamps(db: Database.Database): { deckId: string; stamp: number }[] {
  return db.prepare<[], { deckId: string; stamp: number }>('SELECT deck_id AS deckId, stamp FROM deck_card_writes ORDER BY deck_id').all();
}
