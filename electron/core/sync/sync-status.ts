import type { HeldBack } from './held-events.js';
import type { Refusals, SyncNotice } from './sync-notices.js';
import type { MendedFile } from './file-repair.js';

export const noRefusals = (): Refusals => ({ foreign: 0, notTheirs: 0, flood: 0, tooLarge: 0 });

/** What the last sync round did, as Settings → Sync and `sync --json` show it. */
export interface SyncReport {
  folder: string;
  device: string;
  at: number;
  durationMs: number;
  wrote: { files: number; events: number };
  read: { files: number; events: number };
  /** Events new to this device. */
  added: number;
  answersApplied: number;
  undosApplied: number;
  editsApplied: number;
  replayedCards: number;
  /** Answers for cards this device does not have yet, kept for when it does. */
  waiting: number;
  /** Card, deck and note edits (and cards and decks new here) that won and were written. */
  contentApplied: number;
  /** Cards that arrived before their deck: applied once it does. */
  contentWaiting: number;
  /** Media files cards use: written here, refused (bytes not matching their hash), still to arrive. */
  media: { written: number; refused: number; waiting: number };
  /** Events that failed validation: counted, never applied. */
  invalidEvents: number;
  /** Valid events refused: see `Refusals`. */
  refused: Refusals;
  /** Devices whose changes are stamped ahead of this machine's clock: they wait until it gets there. */
  heldBack: HeldBack[];
  /** Other devices with change files in the folder. */
  devicesSeen: number;
  /** Files a sync engine is still copying: read on a later round. */
  incompleteFiles: number;
  /** Files this round had no room for (it reads a bounded amount): the next round reads them. */
  filesLeft: number;
  damagedFiles: string[];
  conflictCopies: number;
  compactedFiles: number;
  /** The device id changed because another installation wrote under the old one (a copied collection). */
  renewedDevice: boolean;
  /** This device's files that others could not read, written again under new names. */
  mendedFiles: MendedFile[];
  /** What needs attention, each with what to do (files not read, clocks ahead, refusals). */
  notices: SyncNotice[];
}

/** The status line's data: folder, last round, what waits to travel, the last error with what helps. */
export interface SyncStatus {
  folder: string | null;
  device: string | null;
  lastSyncAt: number | null;
  devicesSeen: number;
  /** Local changes not yet written to the folder. */
  pendingChanges: number;
  waiting: number;
  lastError: { message: string; action: string; at: number } | null;
  lastReport: SyncReport | null;
  /** The round running now (in a worker), or null: the screen shows it while it is set. */
  progress: SyncProgress | null;
}

/** Where a running round is, as the round itself reports it (sync-round.ts `onProgress`). */
export interface SyncProgress {
  /** In the learner's words: "Reading change files: 3 of 40". */
  message: string;
  /** How far through the change files it reads (0 to 1), or null in a phase without a count (writing, merging, replaying). */
  fraction: number | null;
  startedAt: number;
}
