import type Database from 'better-sqlite3';
import type { WriteConnection } from '../db/collection-door.js';
import type { UndoableAction } from '../domain/types.js';
import type { UndoEntry } from './answer-card.js';

/** The card tools of review whose change goes on the session's undo stack beside its answers. */
export type CardToolAction = Exclude<UndoableAction, 'answer'>;

/**
 * The columns each tool changes, and only those come back on undo: an undo
 * restores what its action changed and nothing else, so a change the stack
 * does not hold (a flag, say, under a bury) is never rolled back with it.
 */
const toolColumns = {
  bury: ['buried_day'],
  suspend: ['suspended'],
  flag: ['flag'],
  setDue: ['due', 'state', 'scheduled_days', 'set_due'],
} as const satisfies Record<CardToolAction, readonly string[]>;

/** The tool's columns of one card before the action. */
export type CardToolSnapshot = { id: number } & Record<string, number | string | null>;

/** One step a session can take back, newest last on its stack. */
export type SessionUndoEntry =
  | { action: 'answer'; answer: UndoEntry }
  | { action: CardToolAction; cardId: number; before: CardToolSnapshot[] };

/** The cards' columns that `action` is about to change (cards that do not exist are left out: the action refuses them). */
export function snapshotForTool(db: Database.Database, action: CardToolAction, cardIds: number[]): CardToolSnapshot[] {
  const columns = toolColumns[action].join(', ');
  const select = db.prepare<[number], CardToolSnapshot>(`SELECT id, ${columns} FROM cards WHERE id = ?`);
  return cardIds.flatMap((id) => select.get(id) ?? []);
}

/** Puts the columns back as they were; returns how many of the cards still exist. */
export function restoreToolSnapshot(db: WriteConnection, action: CardToolAction, before: CardToolSnapshot[]): number {
  const columns = toolColumns[action];
  const update = db.prepare(`UPDATE cards SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`);
  return db.transaction(() => before.reduce((n, row) => n + update.run(row).changes, 0)).immediate();
}
