import { cached } from './statement-cache.js';
import fs from 'node:fs';
import path from 'node:path';
import { targetOf, type SyncSource, type SyncTarget } from './sync-target.js';
import { translateSqliteError } from '../db/sqlite-errors.js';
import type { WriteConnection } from '../db/collection-door.js';
import { isDemarcError } from '../domain/errors.js';
import { scanChangeFolder } from './change-folder-reader.js';
import { sweepTemporaryFiles, safeList } from './change-file-writer.js';
import { compactOwnFiles, flushOutbox, restoreMissingOwnFiles } from './change-file-output.js';
import { parseChangeFileName } from './change-file.js';
import { takeLocalChanges } from './local-changes.js';
import { mergeEvents } from './merge-events.js';
import { mergeContentEvents, republishOwnContentMedia, takeContentChanges } from './card-content-events.js';
import { mediaDirFor } from '../importing/media-store.js';
import { replayCards } from './replay-cards.js';
import { schedulerFingerprint } from './card-replay.js';
import { checkSyncFolder, translateFolderError } from './sync-folder-check.js';
import type { SyncEvent } from './sync-event.js';
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
 * 2. write the outbox into this device's subfolder as change files;
 * 3. read every device's change files not read before (whole ones only),
 *    merge their events by id and replay the cards they touched (one
 *    transaction, so a crash leaves the collection as it was);
 * 4. put back own files the folder lost, and compact own small files.
 */
export function runSyncRound(source: SyncSource, folderArg: string, options: SyncRoundOptions = {}): SyncReport {
  const collection = targetOf(source);
  // The whole round is one write through the collection's door: the file is checked first.
  return collection.door.write((db) => roundOn(collection, db, folderArg, options), 'none');
}

function roundOn(collection: SyncTarget, db: WriteConnection, folderArg: string, options: SyncRoundOptions): SyncReport {
  const started = Date.now();
  const folder = checkSyncFolder(folderArg, collection.file);
  const store = new SyncStore(db);
  try {
    let device = store.deviceId();
    let renewedDevice = false;
    let dir = path.join(folder, device);

    // Files under our id that this collection never wrote: another installation (a copied
    // collection file, or this one restored from a backup) writes as us. Take a new id; the old
    // folder is then read like any other device's, so its events still arrive.
    const known = new Set(store.ownFiles(device));
    if (safeList(dir).some((name) => parseChangeFileName(name) !== null && !known.has(name))) {
      device = store.renewDeviceId();
      dir = path.join(folder, device);
      renewedDevice = true;
    }
    fs.mkdirSync(dir, { recursive: true });
    sweepTemporaryFiles(dir, Date.now());

    const clock = store.clock();
    options.onProgress?.("Writing this device's changes");
    db.transaction(() => {
      const taken = takeLocalChanges(db, device, clock, collection.now());
      takeContentChanges(db, { device, clock, now: collection.now(), mediaDir: mediaDirFor(collection.file), deviceDir: dir });
      replayCards(db, collection.scheduler(), collection.settings(), taken.touchedCards, taken.touchedCards);
      store.saveClock(clock);
    }).immediate();

    const wrote = flushOutbox(db, store, dir, device);
    const restored = restoreMissingOwnFiles(db, store, dir, device);
    if (restored > 0) republishOwnContentMedia(db, device, mediaDirFor(collection.file), dir);

    const scan = scanChangeFolder(folder, (f) => store.isKnown(f), (done, total) => {
      if (total > 1) options.onProgress?.(`Reading change files: ${done + 1} of ${total}`, done / total);
    });
    const events: SyncEvent[] = scan.read.flatMap((r) => r.events);
    const merged = db.transaction(() => {
      options.onProgress?.(`Merging ${events.length} event${events.length === 1 ? '' : 's'}`);
      const content = mergeContentEvents(db, events, clock, { folder, mediaDir: mediaDirFor(collection.file), now: collection.now() });
      const result = { ...mergeEvents(db, events, clock), content };
      if (result.settingsChanged) collection.reloadSettings();
      // Scheduling state is a function of the merged history *and* the scheduling settings: when
      // those changed (here or on another device), every studied card is replayed under them,
      // so all devices still compute the same state.
      const fingerprint = globalFingerprint(collection);
      const everything = store.get('replayFingerprint') !== fingerprint;
      const cards = everything ? new Set([...studiedCards(collection), ...result.touchedCards]) : result.touchedCards;
      const replaying = `Replaying the history of ${cards.size} cards`;
      if (cards.size > 1000) options.onProgress?.(replaying, 0);
      const replayed = replayCards(db, collection.scheduler(), collection.settings(), cards, result.fullReplay, result.arrived, (done) =>
        options.onProgress?.(replaying, done / cards.size),
      );
      store.set('replayFingerprint', fingerprint);
      for (const r of scan.read) store.rememberFile(r.file, r.file.device === device);
      store.saveClock(clock);
      return { ...result, replayed };
    }).immediate();
    if (merged.touchedCards.size > 0 || merged.settingsChanged || merged.content.applied > 0) collection.afterCardsChanged();

    const compacted = compactOwnFiles(store, dir, device);
    const devices = new Set(scan.devices.filter((d) => d !== device));
    const report: SyncReport = {
      folder,
      device,
      at: collection.now(),
      durationMs: Date.now() - started,
      wrote: { files: wrote.files + restored, events: wrote.events },
      read: { files: scan.read.length, events: events.length },
      added: merged.added + merged.content.added,
      answersApplied: merged.answersApplied,
      undosApplied: merged.undosApplied,
      editsApplied: merged.editsApplied,
      replayedCards: merged.replayed,
      waiting: merged.waiting,
      contentApplied: merged.content.applied,
      contentWaiting: merged.content.waiting,
      media: merged.content.media,
      invalidEvents: scan.invalidEvents,
      devicesSeen: devices.size,
      incompleteFiles: scan.incomplete.length,
      damagedFiles: scan.damaged.map((d) => `${d.name}: ${d.reason}`),
      conflictCopies: scan.conflictCopies,
      compactedFiles: compacted,
      renewedDevice,
    };
    return report;
  } catch (error) {
    const translated = translateFolderError(error, folderArg);
    throw isDemarcError(translated) ? translated : translateSqliteError(translated, collection.file);
  }
}

function globalFingerprint(collection: SyncTarget): string {
  const decks = collection.door.read((db) => cached(db, 'SELECT id, exam_date FROM decks WHERE exam_date IS NOT NULL ORDER BY id').raw().all());
  return schedulerFingerprint(collection.settings(), JSON.stringify(decks));
}

function studiedCards(collection: SyncTarget): Set<number> {
  const ids = collection.door.read((db) => cached(db, "SELECT DISTINCT card_id FROM review_log WHERE kind IN ('learning', 'review', 'relearning')").pluck().all()) as number[];
  return new Set(ids);
}
