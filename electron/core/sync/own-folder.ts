import path from 'node:path';
import { safeList } from './change-file-writer.js';
import { decodeChangeFile, maxChangeFileBytes, parseChangeFileName } from './change-file.js';
import type { PublicKeyText } from './device-keys.js';
import { cached } from '../db/statement-cache.js';
import type { SyncEvent } from './sync-event.js';
import { readUntrustedFile } from './untrusted-file.js';
import type { WriteConnection } from '../db/collection-door.js';

/**
 * Whether another installation writes under this device's id: a file in our
 * folder that this collection never wrote, signed with our own key (so made
 * by a copy of this collection: a copied file, or this one restored from a
 * backup), holding a change this collection does not have. Then this device
 * takes a new id (sync-round.ts).
 *
 * Anyone with access to the folder can drop a file there, so nothing less
 * counts: a file signed with another key is a forgery every device refuses
 * (the key pinned for us is ours), and one holding only changes we have is a
 * copy of one of ours (a sync engine's conflict copy, or a replay). Neither
 * makes us give up our id, which would leave our damaged files unmended.
 */
export function anotherWriterAsUs(db: WriteConnection, dir: string, known: ReadonlySet<string>, ownKey: PublicKeyText): boolean {
  for (const name of safeList(dir)) {
    if (known.has(name) || parseChangeFileName(name) === null) continue;
    const read = readUntrustedFile(path.join(dir, name), maxChangeFileBytes);
    if (!read.ok) continue;
    const decoded = decodeChangeFile(read.bytes);
    // A copy still arriving is judged once it is whole.
    if (decoded.status !== 'whole' || decoded.header.key !== ownKey) continue;
    if (decoded.events.some((e) => !knownEvent(db, e))) return true;
  }
  return false;
}

/**
 * Whether this collection has the event: in the log, the event tables, or
 * undone. An answer to a card this collection no longer holds (deleted with
 * its deck, and its answers with it) counts as known: nothing here can tell
 * it apart from one of our own, and it changes nothing here. A copy that
 * made the card itself shows by the card's own event, which we lack.
 */
function knownEvent(db: WriteConnection, e: SyncEvent): boolean {
  if (e.type === 'card' || e.type === 'deck' || e.type === 'note') return cached(db, 'SELECT 1 FROM sync_content_events WHERE id = ?').pluck().get(e.id) === 1;
  if (cached(db, 'SELECT 1 FROM sync_events WHERE id = ?').pluck().get(e.id) === 1) return true;
  if (e.type !== 'answer') return false;
  return (
    cached(db, `SELECT EXISTS (SELECT 1 FROM review_log WHERE event_id = @id) OR EXISTS (SELECT 1 FROM sync_events WHERE id = 'undo:' || @id)
      OR NOT EXISTS (SELECT 1 FROM cards WHERE source_deck_id = @deck AND key = @key)`)
      .pluck()
      .get({ id: e.id, deck: e.card.deck, key: e.card.key }) === 1
  );
}
