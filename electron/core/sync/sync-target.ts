import type { CollectionDoor } from '../db/collection-door.js';
import type { FsrsScheduler } from '../scheduling/fsrs-scheduler.js';
import type { Settings } from '../settings/settings-schema.js';

/** What a sync round needs from the collection (`Collection#syncTarget`). */
export interface SyncTarget {
  /** The collection's door: a round is one write through it (the file is checked first). */
  door: CollectionDoor;
  file: string;
  now: () => number;
  settings: () => Settings;
  /** A deck's scheduler for replays: its preset and the exam mode, as answering uses, without the load balancer (replays must agree). */
  schedulerFor: (deckId: string) => FsrsScheduler;
  /** Which preset each deck uses and their options (presets stay on their device; a change replays every card). */
  presetFingerprint: () => string;
  /** Settings or deck options arrived from another device: read them again and rebuild the scheduler. */
  reloadSettings: () => void;
  /** Cards changed outside the review path: the undo history and caches no longer hold. */
  afterCardsChanged: () => void;
}

/** A collection (which hands out its sync target) or the target itself. */
export type SyncSource = SyncTarget | { syncTarget(): SyncTarget };

export function targetOf(source: SyncSource): SyncTarget {
  return 'syncTarget' in source ? source.syncTarget() : source;
}
