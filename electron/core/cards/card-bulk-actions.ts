import type { WriteConnection } from '../db/collection-door.js';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import type { CardEditLog } from './card-edit-log.js';
import type { CardActions } from './card-actions.js';
import { normaliseTags } from './note-types.js';
import { splitTags } from './card-record.js';
import { flagNames, setDueOn } from './card-tools.js';
import { oneRow } from '../db/typed-statements.js';

export const bulkActions = ['suspend', 'unsuspend', 'move', 'tag', 'untag', 'reset', 'delete', 'flag', 'due'] as const;
export type BulkAction = (typeof bulkActions)[number];

export interface BulkRequest {
  action: BulkAction;
  cardIds: number[];
  /** For "move". */
  deckId?: string | undefined;
  /** For "tag" and "untag". */
  tags?: string[] | undefined;
  /** For "flag": 0 none … 4 blue. */
  flag?: number | undefined;
  /** For "due": study days from today (0 = today). */
  days?: number | undefined;
}

export interface BulkResult {
  changed: number;
  /** The change to undo, or null when nothing changed. */
  batchId: number | null;
  summary: string;
}

/**
 * The browsers' actions on a selection, each one recorded so that it can be
 * undone; runs inside the door's write. The log's action names are a fixed
 * set (migration 0006): a flag or a due date is logged as an edit, and its
 * summary says which it was.
 */
export function runBulkAction(db: WriteConnection, actions: CardActions, log: CardEditLog, request: BulkRequest, now: number, rolloverHour: number): BulkResult {
  const ids = request.cardIds;
  const cards = (n: number) => (n === 1 ? '1 card' : `${n} cards`);
  const logged = request.action === 'flag' || request.action === 'due' ? 'edit' : request.action;
  const result = log.record(logged, now, ids, [], () => {
    switch (request.action) {
      case 'suspend':
      case 'unsuspend': {
        const n = actions.setSuspended(ids, request.action === 'suspend');
        return { value: n, summary: `${cards(n)} ${request.action === 'suspend' ? 'suspended' : 'unsuspended'}` };
      }
      case 'reset': {
        const n = actions.reset(ids, now);
        return { value: n, summary: `${cards(n)} reset to new` };
      }
      case 'move': {
        if (!request.deckId) throw new DemarcError(ErrorCode.invalidArgument, 'Moving cards needs the deck to move them to.');
        const n = actions.move(ids, request.deckId);
        const title = oneRow(db.prepare<[string], string>('SELECT title FROM decks WHERE id = ?').pluck().get(request.deckId));
        return { value: n, summary: `${cards(n)} moved to ${title}` };
      }
      case 'tag':
      case 'untag': {
        const tags = normaliseTags(request.tags ?? []).split(' ').filter(Boolean);
        if (tags.length === 0) throw new DemarcError(ErrorCode.invalidArgument, 'Tags is empty.');
        const lower = new Set(tags.map((t) => t.toLowerCase()));
        const read = db.prepare<[number], string>('SELECT tags FROM cards WHERE id = ?').pluck();
        const write = db.prepare('UPDATE cards SET tags = ? WHERE id = ?');
        let n = 0;
        for (const id of ids) {
          const old = read.get(id);
          if (old === undefined) continue;
          const current = splitTags(old);
          const next = request.action === 'tag' ? normaliseTags([...current, ...tags]) : current.filter((t) => !lower.has(t.toLowerCase())).join(' ');
          if (next !== old) n += write.run(next, id).changes;
        }
        return { value: n, summary: `${cards(n)} ${request.action === 'tag' ? 'tagged' : 'untagged'} ${tags.join(' ')}` };
      }
      case 'flag': {
        const flag = request.flag;
        if (flag === undefined) throw new DemarcError(ErrorCode.invalidArgument, 'Flagging cards needs the flag (0 to 4).');
        const stmt = db.prepare('UPDATE cards SET flag = ? WHERE id = ? AND retired = 0 AND flag != ?');
        const n = ids.reduce((sum, id) => sum + stmt.run(flag, id, flag).changes, 0);
        return { value: n, summary: flag === 0 ? `${cards(n)} unflagged` : `${cards(n)} flagged ${flagNames[flag]}` };
      }
      case 'due': {
        if (request.days === undefined) throw new DemarcError(ErrorCode.invalidArgument, 'Setting a due date needs the number of days.');
        const n = setDueOn(db, ids, request.days, now, rolloverHour);
        const when = request.days === 0 ? 'today' : request.days === 1 ? 'tomorrow' : `in ${request.days} days`;
        return { value: n, summary: `${cards(n)} due ${when}` };
      }
      case 'delete': {
        const stmt = db.prepare('UPDATE cards SET retired = 1 WHERE id = ? AND retired = 0');
        const n = ids.reduce((sum, id) => sum + stmt.run(id).changes, 0);
        return { value: n, summary: `${cards(n)} deleted` };
      }
    }
  });
  return { changed: result.value, batchId: result.batchId, summary: result.summary };
}
