import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { DemarcError, ErrorCode } from '../domain/errors.js';

/** Every column a bulk change (reset, move) may write: what an undo puts back. */
const columns = ['deck_id', 'state', 'due', 'stability', 'difficulty', 'scheduled_days', 'learning_steps', 'reps', 'lapses', 'last_review', 'buried_day'] as const;
type Snapshot = Record<(typeof columns)[number] | 'id', unknown>;

interface Recorded {
  token: string;
  before: Snapshot[];
  after: Map<number, string>;
}

/** How many bulk changes can still be undone (the newest ones); the older tokens expire. */
const kept = 20;

/**
 * Undo for the deck browser's bulk changes. A change is recorded as the
 * affected cards' rows before and after, in the transaction that makes it;
 * an undo restores the "before" row of each card that still looks exactly
 * as the change left it, so a review given since (or a later change) is
 * never overwritten. The records live in memory for the life of the
 * process: an undo is offered right after the change, not across restarts.
 */
export class CardChangeUndo {
  private readonly recorded: Recorded[] = [];
  private statements: { read: Database.Statement<[string]>; restore: Database.Statement<[Snapshot]>; deckExists: Database.Statement<[unknown]> } | null = null;

  constructor(private readonly db: Database.Database) {}

  // Prepared on first use, not when the handlers are built: preparing reads the schema, which a
  // locked file refuses, and that refusal belongs to the call that needs it (as DATABASE_LOCKED).
  private get stmts() {
    this.statements ??= {
      read: this.db.prepare(`SELECT id, ${columns.join(', ')} FROM cards WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`),
      restore: this.db.prepare(`UPDATE cards SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`),
      deckExists: this.db.prepare('SELECT 1 FROM decks WHERE id = ?'),
    };
    return this.statements;
  }

  /** Runs `change` over `cardIds` in one transaction and keeps what it takes to undo it. */
  record(cardIds: readonly number[], change: () => number): { changed: number; undoToken: string } {
    return this.db.transaction(() => {
      const ids = JSON.stringify([...new Set(cardIds)]);
      const before = this.stmts.read.all(ids) as Snapshot[];
      const changed = change();
      const after = new Map((this.stmts.read.all(ids) as Snapshot[]).map((row) => [row.id as number, JSON.stringify(row)]));
      const token = randomUUID();
      this.recorded.push({ token, before, after });
      if (this.recorded.length > kept) this.recorded.shift();
      return { changed, undoToken: token };
    }).immediate();
  }

  /** Puts back the cards of one recorded change; returns how many were restored. A token is used once. */
  undo(token: string): { restored: number } {
    const index = this.recorded.findIndex((r) => r.token === token);
    if (index < 0) throw new DemarcError(ErrorCode.notFound, 'That change can no longer be undone.');
    const [entry] = this.recorded.splice(index, 1) as [Recorded];
    return this.db.transaction(() => {
      const now = new Map((this.stmts.read.all(JSON.stringify(entry.before.map((r) => r.id))) as Snapshot[]).map((row) => [row.id as number, JSON.stringify(row)]));
      let restored = 0;
      for (const row of entry.before) {
        const id = row.id as number;
        if (now.get(id) !== entry.after.get(id)) continue;
        // A card moved out of a deck that was deleted since stays where it is.
        if (this.stmts.deckExists.get(row.deck_id) === undefined) continue;
        restored += this.stmts.restore.run(row).changes;
      }
      return { restored };
    }).immediate();
  }
}
