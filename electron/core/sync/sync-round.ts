import fs from 'node:fs';
import path from 'node:path';
import { targetOf, type SyncSource, type SyncTarget } from './sync-target.js';
import { translateSqliteError } from '../db/sqlite-errors.js';
import type { WriteConnection } from '../db/collection-door.js';
import { isDemarcError } from '../domain/errors.js';
import { sweepTemporaryFiles } from './change-file-writer.js';
import { compactOwnFiles, flushOutbox, restoreMissingOwnFiles, signOwnHistory } from './change-file-output.js';
import { anotherWriterAsUs } from './own-folder.js';
import { takeLocalChanges } from './local-changes.js';
import { republishOwnContentMedia, takeContentChanges } from './card-content-events.js';
import { mergeFolder } from './folder-merge.js';
import { withTempFilesInMemory } from '../db/temp-in-memory.js';
import { heldBack } from './held-events.js';
import { mendEarlierIds, mendReportedFiles } from './file-repair.js';
import { writeReadReport } from './read-report.js';
import { ownDeviceKey, retireOwnKey } from './device-keys.js';
import { syncNotices } from './sync-notices.js';
import { replayCards } from './replay-cards.js';
import { mediaDirFor } from '../importing/media-store.js';
import { checkSyncFolder, translateFolderError } from './sync-folder-check.js';
import type { SyncReport } from './sync-status.js';
import { SyncStore } from './sync-store.js';

export interface SyncRoundOptions {
  /**
   * Each phase as it starts (a first sync reads a whole history), with how far through the change
   * files when it reads them. A throw from it inside the merge rolls the merge back (a stopped round).
   */
  onProgress?: (message: string, fraction?: number) => void;
}

/**
 * One full sync round, synchronously:
 * 1. take this device's new answers and edits into the event log and
 *    replay the cards they touched (one transaction);
 * 2. write the outbox into this device's subfolder as change files, signed
 *    with this device's key, and put back own files the folder lost (or
 *    that an older version wrote unsigned);
 * 3. read every device's change files not read before (whole ones only,
 *    never through a link, each bounded), merge their events by id and
 *    replay the cards they touched, a bounded batch per transaction, so a
 *    crash leaves the collection as the last whole batch left it; a file
 *    that cannot be read is set aside and listed, never stopping a round;
 * 4. compact own small files, and leave the other devices a signed report
 *    of their files this device could not read (read-report.ts); a device
 *    that finds its own files in such a report writes them again under new
 *    names in its step 2 (file-repair.ts).
 */
export function runSyncRound(source: SyncSource, folderArg: string, options: SyncRoundOptions = {}): SyncReport {
  const collection = targetOf(source);
  // The whole round is one write through the collection's door: the file is checked first. Its merges
  // fire the cards' and the log's triggers on every row, so their statement journals stay in memory.
  return collection.door.write((db) => withTempFilesInMemory(db, () => roundOn(collection, db, folderArg, options)), 'none');
}

function roundOn(collection: SyncTarget, db: WriteConnection, folderArg: string, options: SyncRoundOptions): SyncReport {
  const started = Date.now();
  const folder = checkSyncFolder(folderArg, collection.file);
  const store = new SyncStore(db);
  try {
    let device = store.deviceId();
    let renewedDevice = false;
    let dir = path.join(folder, device);

    // Files under our id, signed with our key, with changes this collection never made: another
    // installation (a copied collection file, or this one restored from a backup) writes as us
    // (own-folder.ts). A sync engine's conflict copy of one of our files, or a file of ours it
    // brings back after we compacted it away, is no such sign. Take a new id; the old folder is
    // then read like any other device's, so its events still arrive. A link or a file in place
    // of our folder is not ours either: we never write through it.
    const known = new Set(store.everOwnFiles(device));
    const ownFolder = isOwnFolder(dir);
    if (!ownFolder || anotherWriterAsUs(db, dir, known, ownDeviceKey(store).publicKey)) {
      // What this device did under its old id and has not written yet (an undo, an edit) is
      // written there first, signed with the old key, so the others take it as that device's.
      if (ownFolder) flushOutbox(db, store, dir, device);
      retireOwnKey(store);
      device = store.renewDeviceId();
      dir = path.join(folder, device);
      renewedDevice = true;
    }
    fs.mkdirSync(dir, { recursive: true });
    sweepTemporaryFiles(dir, Date.now());

    const clock = store.clock(collection.now);
    options.onProgress?.("Writing this device's changes");
    db.transaction(() => {
      const taken = takeLocalChanges(db, device, clock, collection.now());
      const content = takeContentChanges(db, { device, clock, now: collection.now(), mediaDir: mediaDirFor(collection.file), deviceDir: dir });
      const touched = new Set([...taken.touchedCards, ...content.touchedCards]);
      replayCards(db, collection.schedulerFor, touched, touched);
      store.saveClock(clock);
    }).immediate();

    const wrote = flushOutbox(db, store, dir, device);
    const restored = restoreMissingOwnFiles(db, store, dir, device) + signOwnHistory(db, store, dir, device);
    const mended = [...mendReportedFiles(db, store, folder, dir, device), ...mendEarlierIds(db, store, folder)];
    if (restored > 0) republishOwnContentMedia(db, device, mediaDirFor(collection.file), dir);

    const merged = mergeFolder({ db, store, collection, folder, device, clock, onProgress: options.onProgress });
    // After a new id, an undo of an answer given under the old one would be refused by the
    // others (an undo counts only from the device that gave the answer): the undo history goes.
    if (merged.changed || renewedDevice) collection.afterCardsChanged();

    const compacted = compactOwnFiles(store, dir, device);
    writeReadReport(dir, device, ownDeviceKey(store), merged.unreadable);
    const devices = new Set(merged.devices.filter((d) => d !== device));
    const held = heldBack(db, collection.now());
    const report: SyncReport = {
      folder,
      device,
      at: collection.now(),
      durationMs: Date.now() - started,
      wrote: { files: wrote.files + restored + new Set(mended.flatMap((m) => m.writtenAs)).size, events: wrote.events },
      read: { files: merged.filesRead, events: merged.eventsRead },
      added: merged.added,
      answersApplied: merged.answersApplied,
      undosApplied: merged.undosApplied,
      editsApplied: merged.editsApplied,
      replayedCards: merged.replayed,
      waiting: merged.waiting,
      contentApplied: merged.content.applied,
      contentWaiting: merged.content.waiting,
      media: merged.content.media,
      invalidEvents: merged.invalidEvents,
      refused: merged.refused,
      heldBack: held,
      devicesSeen: devices.size,
      incompleteFiles: merged.incomplete.length,
      filesLeft: merged.filesLeft,
      damagedFiles: merged.unreadable.map((d) => `${d.file}: ${d.reason}`),
      conflictCopies: merged.conflictCopies,
      compactedFiles: compacted,
      renewedDevice,
      mendedFiles: mended,
      notices: syncNotices({ unreadable: merged.unreadable, heldBack: held, refused: merged.refused, mended, filesLeft: merged.filesLeft, invalid: merged.invalidIn }),
    };
    return report;
  } catch (error) {
    const translated = translateFolderError(error, folderArg);
    throw isDemarcError(translated) ? translated : translateSqliteError(translated, collection.file);
  }
}

/** Our subfolder is a real folder or not there yet (made next), never a link to somewhere else. */
function isOwnFolder(dir: string): boolean {
  try {
    return fs.lstatSync(dir).isDirectory();
  } catch {
    return true;
  }
}
