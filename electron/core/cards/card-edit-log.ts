import type Database from 'better-sqlite3';
import type { CollectionDoor, WriteConnection } from '../db/collection-door.js';
import type { CardEditRecord, EditBatchRecord, NoteRecord } from '../db/table-rows.js';
import { oneRow } from '../db/typed-statements.js';
import { DemarcError, ErrorCode } from '../domain/errors.js';

/**
 * Every change made to cards outside review (an edit, an added or deleted
 * card, a bulk suspend, move, tag or reset) is one batch: the card rows before
 * and after, kept in `card_edits`. Undoing a batch puts back the columns it
 * changed, except those changed again since (a review after an edit keeps its
 * schedule), so no review history is ever rewritten.
 */
export const editActions = ['add', 'edit', 'delete', 'suspend', 'unsuspend', 'move', 'tag', 'untag', 'reset'] as const;
export type EditAction = (typeof editActions)[number];

export interface EditBatch {
  id: number;
  action: EditAction;
  summary: string;
  at: number;
  undoneAt: number | null;
}

type Row = Record<string, unknown> & { id: number };
type BatchColumns = Pick<EditBatchRecord, 'id' | 'action' | 'summary' | 'at' | 'undone_at'>;

/** A batch as the API shows it. Its action was written by this module, from `editActions`. */
function editBatchOf(r: BatchColumns): EditBatch {
  return { id: r.id, action: r.action as EditAction, summary: r.summary, at: r.at, undoneAt: r.undone_at };
}

export interface ChangeOutcome<T> {
  value: T;
  /** Cards the change created (their "before" is nothing). */
  created?: number[];
  summary: string;
}

export class CardEditLog {
  constructor(private readonly door: CollectionDoor) {}

  /**
   * Runs `change` in one transaction and records what it did to `cardIds`
   * (and to the authored notes `noteKeys`). Returns the change's value and the
   * batch id, or null when nothing changed.
   */
  record<T>(action: EditAction, now: number, cardIds: readonly number[], noteKeys: readonly string[], change: () => ChangeOutcome<T>): { value: T; batchId: number | null; summary: string } {
    return this.door.write((db) => db.transaction(() => {
      const before = rows(db, cardIds);
      const notesBefore = noteKeys.map((noteKey) => ({ noteKey, row: noteRow(db, noteKey) }));
      const outcome = change();
      const created = outcome.created ?? [];
      const after = rows(db, [...cardIds, ...created]);
      const changes: { cardId: number; before: string | null; after: string }[] = [];
      for (const [id, row] of after) {
        const old = before.get(id);
        const afterJson = JSON.stringify(row);
        const beforeJson = old ? JSON.stringify(old) : null;
        if (beforeJson !== afterJson) changes.push({ cardId: id, before: beforeJson, after: afterJson });
      }
      if (changes.length === 0) return { value: outcome.value, batchId: null, summary: outcome.summary };
      const batchId = Number(
        db
          .prepare('INSERT INTO edit_batches (action, summary, at, notes_before) VALUES (?, ?, ?, ?)')
          .run(action, outcome.summary, now, JSON.stringify(notesBefore)).lastInsertRowid,
      );
      const insert = db.prepare('INSERT INTO card_edits (batch_id, card_id, before, after) VALUES (?, ?, ?, ?)');
      for (const c of changes) insert.run(batchId, c.cardId, c.before, c.after);
      return { value: outcome.value, batchId, summary: outcome.summary };
    }).immediate());
  }

  /** The newest batch not yet undone. */
  latest(): EditBatch | null {
    return this.door.read((db) => latestOn(db));
  }

  /** Undoes one batch (the newest when none is named). */
  undo(now: number, batchId?: number): { batch: EditBatch; cardIds: number[] } {
    return this.door.write((db) => db.transaction(() => undoOn(db, now, batchId)).immediate());
  }

  /** A card's recorded changes, newest first. */
  history(cardId: number, limit = 50): EditBatch[] {
    return this.door.read((db) => db
      .prepare<[number, number], BatchColumns>(`SELECT b.id, b.action, b.summary, b.at, b.undone_at FROM card_edits e JOIN edit_batches b ON b.id = e.batch_id
        WHERE e.card_id = ? ORDER BY b.id DESC LIMIT ?`)
      .all(cardId, limit)
      .map(editBatchOf));
  }
}

function latestOn(db: Database.Database): EditBatch | null {
  const row = db.prepare<[], BatchColumns>('SELECT id, action, summary, at, undone_at FROM edit_batches WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1').get();
  return row ? editBatchOf(row) : null;
}

/** Undoes one batch inside the caller's transaction. */
function undoOn(db: WriteConnection, now: number, batchId?: number): { batch: EditBatch; cardIds: number[] } {
  const batch = batchId === undefined
    ? latestOn(db)
    : batchOn(db, batchId);
  if (!batch) throw new DemarcError(ErrorCode.notFound, batchId === undefined ? 'There is no change to undo.' : `Change ${batchId} does not exist.`);
  if (batch.undoneAt !== null) throw new DemarcError(ErrorCode.conflict, `"${batch.summary}" was already undone.`);
  const edits = db.prepare<[number], Pick<CardEditRecord, 'card_id' | 'before' | 'after'>>('SELECT card_id, before, after FROM card_edits WHERE batch_id = ?').all(batch.id);
  const current = rows(db, edits.map((e) => e.card_id));
  for (const edit of edits) {
    const now_ = current.get(edit.card_id);
    if (!now_) continue; // deleted since, with its deck
    if (edit.before === null) {
      removeCreated(db, edit.card_id);
      continue;
    }
    const before = JSON.parse(edit.before) as Row;
    const after = JSON.parse(edit.after) as Row;
    const columns = Object.keys(before).filter((k) => k !== 'id' && before[k] !== after[k] && now_[k] === after[k]);
    if (columns.length === 0) continue;
    db.prepare(`UPDATE cards SET ${columns.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run({ ...pick(before, columns), id: edit.card_id });
  }
  const notesBefore = JSON.parse(oneRow(db.prepare<[number], string>('SELECT notes_before FROM edit_batches WHERE id = ?').pluck().get(batch.id))) as { noteKey: string; row: NoteRecord | null }[];
  for (const { noteKey, row } of notesBefore) {
    if (row) {
      db.prepare(`INSERT INTO authored_notes (note_key, type, fields, created_at, updated_at) VALUES (@note_key, @type, @fields, @created_at, @updated_at)
        ON CONFLICT (note_key) DO UPDATE SET type = excluded.type, fields = excluded.fields, updated_at = excluded.updated_at`).run(row);
    } else {
      db.prepare('DELETE FROM authored_notes WHERE note_key = ?').run(noteKey);
    }
  }
  db.prepare('UPDATE edit_batches SET undone_at = ? WHERE id = ?').run(now, batch.id);
  return { batch: { ...batch, undoneAt: now }, cardIds: edits.map((e) => e.card_id) };
}

/** A card this batch added goes again; one that has been reviewed since is retired instead, so its reviews stay. */
function removeCreated(db: WriteConnection, cardId: number): void {
  const reviewed = db.prepare('SELECT 1 FROM review_log WHERE card_id = ? LIMIT 1').get(cardId);
  if (reviewed) db.prepare('UPDATE cards SET retired = 1 WHERE id = ?').run(cardId);
  else db.prepare('DELETE FROM cards WHERE id = ?').run(cardId);
}

function rows(db: Database.Database, ids: readonly number[]): Map<number, Row> {
  if (ids.length === 0) return new Map();
  const found = db.prepare<[string], Row>('SELECT * FROM cards WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify([...new Set(ids)]));
  return new Map(found.map((r) => [r.id, r]));
}

function batchOn(db: Database.Database, batchId: number): EditBatch | null {
  const row = db.prepare<[number], BatchColumns>('SELECT id, action, summary, at, undone_at FROM edit_batches WHERE id = ?').get(batchId);
  return row ? editBatchOf(row) : null;
}

function noteRow(db: Database.Database, noteKey: string): NoteRecord | null {
  return db.prepare<[string], NoteRecord>('SELECT * FROM authored_notes WHERE note_key = ?').get(noteKey) ?? null;
}

function pick(row: Row, columns: string[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((k) => [k, row[k]]));
}
