import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/test-collection.js';
import { runSchedule, syncCopiesOn, writeSimulatorDeck, writeTemplateCollection } from '../helpers/sync-schedule.js';
import { longFuzz } from '../helpers/fuzz-runs.js';

/*
 * The sync property: whatever a file-sync engine does to the change files
 * (delays, reordering, half-copied files, duplicates, conflict copies, late
 * deletions after compaction), however far apart the devices' clocks are,
 * and whatever an adversary with access to the folder writes into it (forged
 * files and events, replayed files, far-future stamps, damaged and cut-short
 * files: sync-adversary.ts), once every file has arrived and every honest
 * device has synced, all honest devices hold
 * the same review log, the same card states and the same card content (cards
 * written and edited on any device, the later edit winning), every
 * acknowledged answer is there (unless undone) and no answer is there twice,
 * and none of the adversary's values or undos took. The devices also bury,
 * flag, set due dates, reset cards, make, change, assign and delete presets
 * (rescheduling or not) and make and delete decks. With DEMARC_SYNC_COPIES=1,
 * in some schedules one device's collection file is copied to another machine
 * just after a sync, and the copy syncs too (two installations under one id
 * until one takes a new id). It found a reset that diverged (schedule 1164:
 * a copy whose clock was behind its answers reset a card; fixed in
 * CardActions.reset). It stays off in `npm test`: after that fix schedules
 * 1-1286 pass with it, and 1287 ends with the devices holding different
 * flags, set due dates and a reset (open; two installations under one id
 * may stamp two edits alike).
 *
 * Schedules: DEMARC_SYNC_RUNS, else 30 in `npm test` and 3000 under
 * `npm run fuzz` (each costs a few tenths of a second of CPU: two or three
 * collections, a dozen sync rounds, the adversary's files); DEMARC_SYNC_FIRST
 * starts at a later one. Schedule n makes the same moves in both, but some
 * pick their card through SQLite's random() and the cards it writes take
 * random keys, so not always on the same cards: schedule 2736 ended in about
 * three runs of ten with one card's due date different on two devices (a
 * card answered in one deck and, before the answer arrived, edited into a
 * deck with an exam date on the other: fixed, SECURITY.md). DEMARC_SYNC_TRACE=1
 * prints a schedule's moves.
 */
const runs = Number(process.env.DEMARC_SYNC_RUNS ?? (longFuzz() ? 3000 : 30));
// On tmpfs where there is one: the test is about what arrives, not about fsync.
const root = fs.existsSync('/dev/shm') ? fs.mkdtempSync('/dev/shm/demarc-sync-sim-') : tempDir('demarc-sync-sim-');
const decksDir = path.join(root, 'decks');
writeSimulatorDeck(decksDir);
const template = path.join(root, 'template.sqlite');
writeTemplateCollection(template, decksDir);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('sync through a misbehaving file-sync engine and a hostile device', () => {
  it(`converges without loss over ${runs} random schedules`, { timeout: 900_000 }, () => {
    const totals = { answers: 0, undone: 0, contentEdits: 0, cardTools: 0, presets: 0, deckDeletions: 0, partials: 0, duplicates: 0, conflictCopies: 0, deletes: 0, copies: 0, renewals: 0 };
    const adversary = { forged: 0, replayed: 0, farFuture: 0, damaged: 0 };
    for (let seed = Number(process.env.DEMARC_SYNC_FIRST ?? 1); seed <= runs; seed++) {
      let r;
      try {
        r = runSchedule(seed, root, decksDir, template);
      } catch (error) {
        throw new Error(`schedule ${seed} failed: ${(error as Error).message}`, { cause: error });
      }
      totals.answers += r.answers;
      totals.undone += r.undone;
      totals.contentEdits += r.contentEdits;
      totals.cardTools += r.scheduleEdits.cardTools;
      totals.presets += r.scheduleEdits.presets;
      totals.deckDeletions += r.scheduleEdits.deckDeletions;
      totals.partials += r.stats.partials;
      totals.duplicates += r.stats.duplicates;
      totals.conflictCopies += r.stats.conflictCopies;
      totals.deletes += r.stats.deletes;
      totals.copies += r.copies;
      totals.renewals += r.renewals;
      for (const k of Object.keys(adversary) as (keyof typeof adversary)[]) adversary[k] += r.adversary[k];
    }
    // The engine really misbehaved, and the devices really answered and undid.
    expect(totals.answers).toBeGreaterThan(runs);
    expect(totals.undone).toBeGreaterThan(0);
    expect(totals.contentEdits).toBeGreaterThan(0);
    // And buried, flagged, set due dates, reset, changed presets and deleted decks.
    expect(totals.cardTools).toBeGreaterThan(0);
    expect(totals.presets).toBeGreaterThan(0);
    expect(totals.deckDeletions).toBeGreaterThan(0);
    expect(totals.partials).toBeGreaterThan(0);
    expect(totals.duplicates).toBeGreaterThan(0);
    expect(totals.conflictCopies).toBeGreaterThan(0);
    // Collection files copied to another machine, and devices that then took a new id.
    if (syncCopiesOn()) {
      expect(totals.copies).toBeGreaterThan(0);
      expect(totals.renewals).toBeGreaterThan(0);
    }
    // And the adversary really did each of its kinds of harm.
    for (const [kind, n] of Object.entries(adversary)) expect(n, kind).toBeGreaterThan(0);
  });
});
