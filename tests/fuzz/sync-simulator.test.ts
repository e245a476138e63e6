import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/test-collection.js';
import { runSchedule, writeSimulatorDeck, writeTemplateCollection } from '../helpers/sync-schedule.js';
import { longFuzz } from '../helpers/fuzz-runs.js';

/*
 * The sync property: whatever a file-sync engine does to the change files
 * (delays, reordering, half-copied files, duplicates, conflict copies, late
 * deletions after compaction) and however far apart the devices' clocks are,
 * once every file has arrived and every device has synced, all devices hold
 * the same review log, the same card states and the same card content (cards
 * written and edited on any device, the later edit winning), every
 * acknowledged answer is there (unless undone) and no answer is there twice.
 *
 * Schedules: DEMARC_SYNC_RUNS, else 50 in `npm test` and 3000 under
 * `npm run fuzz` (each costs about 0.1 s of CPU: two or three collections,
 * a dozen sync rounds). Schedule n is the same in both.
 */
const runs = Number(process.env.DEMARC_SYNC_RUNS ?? (longFuzz() ? 3000 : 50));
// On tmpfs where there is one: the test is about what arrives, not about fsync.
const root = fs.existsSync('/dev/shm') ? fs.mkdtempSync('/dev/shm/demarc-sync-sim-') : tempDir('demarc-sync-sim-');
const decksDir = path.join(root, 'decks');
writeSimulatorDeck(decksDir);
const template = path.join(root, 'template.sqlite');
writeTemplateCollection(template, decksDir);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('sync through a misbehaving file-sync engine', () => {
  it(`converges without loss over ${runs} random schedules`, { timeout: 900_000 }, () => {
    const totals = { answers: 0, undone: 0, contentEdits: 0, partials: 0, duplicates: 0, conflictCopies: 0, deletes: 0 };
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
      totals.partials += r.stats.partials;
      totals.duplicates += r.stats.duplicates;
      totals.conflictCopies += r.stats.conflictCopies;
      totals.deletes += r.stats.deletes;
    }
    // The engine really misbehaved, and the devices really answered and undid.
    expect(totals.answers).toBeGreaterThan(runs);
    expect(totals.undone).toBeGreaterThan(0);
    expect(totals.contentEdits).toBeGreaterThan(0);
    expect(totals.partials).toBeGreaterThan(0);
    expect(totals.duplicates).toBeGreaterThan(0);
    expect(totals.conflictCopies).toBeGreaterThan(0);
  });
});
