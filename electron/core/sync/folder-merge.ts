import type { WriteConnection } from '../db/collection-door.js';
import { isDemarcError } from '../domain/errors.js';
import { mediaDirFor } from '../importing/media-store.js';
import { mergeContentEvents, type ContentMerge } from './card-content-events.js';
import { schedulerFingerprint } from './card-replay.js';
import type { ChangeHeader } from './change-file.js';
import { PinnedKeys } from './device-keys.js';
import { listChangeFolder, readChangeFile, type FolderEntry, type FolderFile } from './change-folder-reader.js';
import type { HybridClock } from './hybrid-clock.js';
import { IncompleteFiles } from './incomplete-files.js';
import { InFlightFiles } from './in-flight-files.js';
import { holdFutureEvents } from './held-events.js';
import { mergeEvents } from './merge-events.js';
import { replayCards } from './replay-cards.js';
import type { ScheduleEditEffects } from './schedule-edits.js';
import { cached } from '../db/statement-cache.js';
import type { SyncEvent } from './sync-event.js';
import type { SyncStore } from './sync-store.js';
import type { SyncTarget } from './sync-target.js';
import { noRefusals } from './sync-status.js';
import type { Refusals } from './sync-notices.js';
import { bytesPerBatch, bytesPerRound, eventsPerBatch, eventsPerRound } from './round-bounds.js';
import { notTheirs, UnreadableFiles, type UnreadableFile } from './unreadable-files.js';


export interface FolderMergeContext {
  db: WriteConnection;
  store: SyncStore;
  collection: SyncTarget;
  folder: string;
  device: string;
  clock: HybridClock;
  onProgress?: ((message: string, fraction?: number) => void) | undefined;
}

/** What merging did, counted the same for one batch and for the whole round. */
interface MergeCounts {
  refused: Refusals;
  added: number;
  answersApplied: number;
  undosApplied: number;
  editsApplied: number;
  waiting: number;
  replayed: number;
  /** Cards, settings or content changed: the app's caches and undo no longer hold. */
  changed: boolean;
  content: ContentMerge;
}

export interface FolderMerge extends MergeCounts {
  filesRead: number;
  eventsRead: number;
  invalidEvents: number;
  devices: string[];
  conflictCopies: number;
  /** Files a sync engine is still copying: read on a later round. */
  incomplete: string[];
  /** Files not read because this round read its fill: the next round reads them. */
  filesLeft: number;
  /** Files that cannot be read, as they stand: listed until fixed or gone, never read again meanwhile. */
  unreadable: UnreadableFile[];
  /** Files read with events that are not valid changes (skipped and counted), and how many. */
  invalidIn: { file: string; events: number }[];
}

/**
 * Step 3 of a round: reads the other devices' new change files and merges
 * them, a batch at a time (at most `eventsPerBatch` events and
 * `bytesPerBatch` bytes in memory). Each batch is one transaction: its
 * content, answers, undos and edits, the replay of the cards it touched and
 * the note that its files are read, so a crash leaves the collection as the
 * last whole batch left it. A file that cannot be read, or whose merge
 * throws, is set aside and listed; it never stops the round.
 */
export function mergeFolder(ctx: FolderMergeContext): FolderMerge {
  const { store } = ctx;
  const unreadable = new UnreadableFiles(store);
  const inFlight = new InFlightFiles(store);
  const pins = new PinnedKeys(store);
  const now = ctx.collection.now();
  for (const f of inFlight.condemned()) {
    unreadable.mark({ device: f.device, name: f.name, identity: f.identity, reason: 'a sync stopped twice while reading it (too large for this device, or the app was closed): not read again as it is', since: now, repairable: false });
  }

  const listing = listChangeFolder(ctx.folder, (f) => store.isKnown(f));
  for (const n of listing.notFiles) unreadable.mark({ ...n, since: now, repairable: false });
  const incomplete = new IncompleteFiles(store);
  const result: FolderMerge = {
    filesRead: 0, eventsRead: 0, invalidEvents: 0, refused: noRefusals(), added: 0, answersApplied: 0, undosApplied: 0, editsApplied: 0, waiting: 0, replayed: 0, changed: false,
    content: { added: 0, refused: 0, applied: 0, waiting: 0, media: { written: 0, refused: 0, waiting: 0 } },
    devices: listing.devices, conflictCopies: listing.conflictCopies, incomplete: [], filesLeft: 0, unreadable: [], invalidIn: [],
  };

  // Suspects (files a dead round was reading) go alone, each in a batch of its own.
  const queue: { entry: FolderEntry; alone: boolean }[] = listing.todo
    .filter((e) => !unreadable.isKnownBad(e.label, e.identity))
    .map((entry) => ({ entry, alone: inFlight.isSuspect(entry.label, entry.identity) }));
  const total = queue.length;
  let done = 0;
  let merged = false;
  let roundEvents = 0;
  let roundBytes = 0;
  while (queue.length > 0 || !merged) {
    if (merged && (roundEvents >= eventsPerRound || roundBytes >= bytesPerRound)) {
      result.filesLeft = queue.length;
      break;
    }
    const batch: { entry: FolderEntry; events: SyncEvent[] }[] = [];
    let events = 0;
    let bytes = 0;
    while (queue.length > 0 && events < eventsPerBatch && bytes < bytesPerBatch) {
      const next = queue[0]!;
      if (next.alone && batch.length > 0) break;
      queue.shift();
      if (total > 1) ctx.onProgress?.(`Reading change files: ${done + 1} of ${total}`, done / total);
      done += 1;
      inFlight.add({ label: next.entry.label, device: next.entry.file.device, name: next.entry.file.name, identity: next.entry.identity }, next.alone);
      const decoded = readChangeFile(next.entry);
      const refusal = decoded.status === 'whole' ? authorshipProblem(decoded.header, next.entry.file.device, pins) : null;
      if (decoded.status === 'incomplete') {
        // Still arriving, unless it has stayed cut short for longer than any sync engine needs: then its writer is told.
        if (incomplete.stuck(next.entry, now)) markUnreadable(unreadable, next.entry, `cut short (${decoded.reason.replace(' so far', '')}) and unchanged for over an hour`, now, true);
        else result.incomplete.push(next.entry.label);
      } else if (decoded.status === 'damaged') markUnreadable(unreadable, next.entry, decoded.reason, now, !decoded.reason.startsWith('written by an older'));
      else if (decoded.status === 'unreadable') markUnreadable(unreadable, next.entry, decoded.reason, now, false);
      // Reported to the folder's device too: when it stands in place of a file that device wrote (under its
      // name), that device writes its own changes again (file-repair.ts); any other name it leaves alone.
      else if (refusal !== null) markUnreadable(unreadable, next.entry, refusal, now, true);
      else if (decoded.status === 'whole') {
        result.invalidEvents += decoded.invalid;
        if (decoded.invalid > 0) result.invalidIn.push({ file: next.entry.label, events: decoded.invalid });
        result.refused.foreign += decoded.foreign;
        batch.push({ entry: next.entry, events: decoded.events });
        events += decoded.events.length;
        bytes += decoded.header.bytes;
        roundEvents += decoded.events.length;
        roundBytes += decoded.header.bytes;
      }
      if (next.alone) break;
    }
    try {
      addBatch(result, mergeBatch(ctx, batch, pins));
      for (const b of batch) unreadable.clear(b.entry.label);
      merged = true;
    } catch (error) {
      if (isDemarcError(error) || (error instanceof Error && error.name === 'SqliteError') || batch.length === 0) throw error;
      // The merge threw on something in these files (its transaction is rolled back): each file alone, then set aside.
      if (batch.length > 1) {
        queue.unshift(...batch.map((b) => ({ entry: b.entry, alone: true })));
        done -= batch.length;
      } else {
        markUnreadable(unreadable, batch[0]!.entry, `merging it failed (${error instanceof Error ? error.message : String(error)})`, now, false);
      }
    }
    inFlight.clear();
  }

  // Listed until fixed (read fine above) or gone.
  const present = new Set([...listing.present.map((f) => `${f.device}/${f.name}`), ...listing.notFiles.map((n) => `${n.device}/${n.name}`)]);
  unreadable.keepOnly(present);
  unreadable.save();
  incomplete.keepOnly(new Set(result.incomplete));
  incomplete.save();
  result.unreadable = unreadable.list();
  return result;
}

/**
 * Whether the device whose folder holds a file signed it: the header names
 * that device, and its key is the one pinned for it (or the first seen).
 * Null when it did; else why the file is not read.
 */
function authorshipProblem(header: ChangeHeader, folderDevice: string, pins: PinnedKeys): string | null {
  if (header.device !== folderDevice) return notTheirs(`it says it was written by device ${header.device}, but it is in device ${folderDevice}'s folder`);
  if (pins.accept(folderDevice, header.key) === 'other-key') {
    return notTheirs(`it is signed with another key than the one device ${folderDevice}'s files carried when this machine first read them`);
  }
  return null;
}

function markUnreadable(unreadable: UnreadableFiles, entry: FolderEntry, reason: string, now: number, repairable: boolean): void {
  unreadable.mark({ device: entry.file.device, name: entry.file.name, identity: entry.identity, reason, since: now, repairable });
}

interface BatchMerge extends MergeCounts {
  files: FolderFile[];
  events: number;
  held: number;
}

/** One batch in one transaction: content first (answers find the cards that came with them), then answers, undos and edits, then the replay. */
function mergeBatch(ctx: FolderMergeContext, batch: { entry: FolderEntry; events: SyncEvent[] }[], pins: PinnedKeys): BatchMerge {
  const { db, store, collection, clock } = ctx;
  const arrived = batch.length === 1 ? batch[0]!.events : batch.flatMap((b) => b.events);
  return db.transaction((): BatchMerge => {
    ctx.onProgress?.(`Merging ${arrived.length} event${arrived.length === 1 ? '' : 's'}`);
    // What is stamped ahead of this clock waits for its time; what waited and is due now comes in.
    const timed = holdFutureEvents(db, arrived, collection.now());
    const events = timed.ready;
    const waited: ScheduleEditEffects = { touchedCards: new Set(), fullReplay: new Set(), settingsChanged: false };
    const content = mergeContentEvents(db, events, clock, { folder: ctx.folder, mediaDir: mediaDirFor(collection.file), now: collection.now(), edits: waited });
    const merged = mergeEvents(db, events, clock);
    if (merged.settingsChanged) collection.reloadSettings();
    // Scheduling state is a function of the merged history *and* the scheduling settings: when
    // those changed (here or on another device), every studied card is replayed under them,
    // so all devices still compute the same state.
    const fingerprint = globalFingerprint(collection);
    const everything = store.get('replayFingerprint') !== fingerprint;
    // Cards whose edits had waited for them are replayed with the rest.
    const touched = new Set([...merged.touchedCards, ...waited.touchedCards]);
    const cards = everything ? new Set([...studiedCards(collection), ...touched]) : touched;
    const replaying = `Replaying the history of ${cards.size} cards`;
    if (cards.size > 1000) ctx.onProgress?.(replaying, 0);
    const replayed = replayCards(db, collection.schedulerFor, cards, new Set([...merged.fullReplay, ...waited.fullReplay]), merged.arrived, (n) => ctx.onProgress?.(replaying, n / cards.size));
    store.set('replayFingerprint', fingerprint);
    for (const b of batch) store.rememberFile(b.entry.file, b.entry.file.device === ctx.device);
    pins.save(batch.map((b) => b.entry.file.device));
    store.saveClock(clock);
    return {
      files: batch.map((b) => b.entry.file),
      events: arrived.length,
      held: timed.held,
      refused: { foreign: 0, notTheirs: merged.refusedNotTheirs, flood: timed.refused + merged.refusedFlood, tooLarge: content.refused },
      added: merged.added + content.added,
      answersApplied: merged.answersApplied,
      undosApplied: merged.undosApplied,
      editsApplied: merged.editsApplied,
      waiting: merged.waiting,
      replayed,
      changed: merged.touchedCards.size > 0 || merged.settingsChanged || content.applied > 0,
      content,
    };
  }).immediate();
}

function addBatch(r: FolderMerge, b: BatchMerge): void {
  r.filesRead += b.files.length;
  r.eventsRead += b.events;
  r.refused.notTheirs += b.refused.notTheirs;
  r.refused.flood += b.refused.flood;
  r.refused.tooLarge += b.refused.tooLarge;
  r.added += b.added;
  r.answersApplied += b.answersApplied;
  r.undosApplied += b.undosApplied;
  r.editsApplied += b.editsApplied;
  r.waiting = b.waiting;
  r.replayed += b.replayed;
  r.changed ||= b.changed;
  r.content = {
    added: r.content.added + b.content.added,
    refused: r.content.refused + b.content.refused,
    applied: r.content.applied + b.content.applied,
    waiting: b.content.waiting,
    media: { written: r.content.media.written + b.content.media.written, refused: r.content.media.refused + b.content.media.refused, waiting: b.content.media.waiting },
  };
}

function globalFingerprint(collection: SyncTarget): string {
  const decks = collection.door.read((db) => cached(db, 'SELECT id, exam_date FROM decks WHERE exam_date IS NOT NULL ORDER BY id').raw().all());
  return schedulerFingerprint(collection.settings(), JSON.stringify([decks, collection.presetFingerprint()]));
}

function studiedCards(collection: SyncTarget): Set<number> {
  const ids = collection.door.read((db) => cached<number>(db, "SELECT DISTINCT card_id FROM review_log WHERE kind IN ('learning', 'review', 'relearning')").pluck().all());
  return new Set(ids);
}
