import type Database from 'better-sqlite3';

declare const writable: unique symbol;

/**
 * The connection inside a write. Only `CollectionDoor#write` makes one, after
 * checking that the file is still the one opened; a function that writes takes
 * this type, so a caller holding a plain connection (a read) cannot call it.
 * `npm run lint` refuses INSERT, UPDATE and DELETE anywhere else in the core.
 */
export type WriteConnection = Database.Database & { readonly [writable]: true };

/**
 * What a write makes stale, cleared by the door once the write is done:
 * - `cards`: cards changed outside the review path (the answer undo history and the deck-title cache);
 * - `scheduler`: presets or deck options changed (the schedulers are rebuilt on next use);
 * - `none`: nothing derived changed (a note in the settings table), or a card
 *   tool used in review, which its session puts on its own undo stack
 *   (review/review-sessions.ts `recordTool`).
 */
export type WriteEffect = 'cards' | 'scheduler' | 'none';

/**
 * The one door to the collection's connection: what a feature module gets
 * instead of the connection itself. `Collection` is the only maker.
 */
export interface CollectionDoor {
  /** Runs a read. Nothing is checked or cleared. */
  read<T>(work: (db: Database.Database) => T): T;
  /** Checks the file is still the one opened (NOT_FOUND if not), runs the write, then clears what `effect` makes stale. */
  write<T>(work: (db: WriteConnection) => T, effect?: WriteEffect): T;
  /**
   * The door's file check alone (NOT_FOUND if the file has gone), for a job
   * that will write later (import, optimizer, sync round): the learner hears
   * it when they start the job, not from its end.
   */
  assertWritable(): void;
}
