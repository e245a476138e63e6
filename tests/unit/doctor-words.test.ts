import { describe, expect, it } from 'vitest';
import { doctorStepWords, doctorVerdict } from '../../renderer/src/routes/settings/doctor-words.js';
import { jobStatusOf } from '../../renderer/src/lib/api/job-polling.js';

const report = { ok: true, file: '/x/demarc.sqlite', sizeBytes: 3 * 1024 * 1024, decks: 12, cards: 1, reviews: 2_500, problems: [] };

describe('"Check the collection" in plain words', () => {
  it('names each step by the part of the collection it checks', () => {
    expect(doctorStepWords('checking review_log')).toBe('Checking your review history…');
    expect(doctorStepWords('checking card_text_idx')).toBe('Checking the search index…');
    expect(doctorStepWords('checking sync_outbox')).toBe('Checking what sync keeps…');
    expect(doctorStepWords('checking daily_reviews')).toBe('Checking the running totals Today and Stats read…');
    expect(doctorStepWords('checking the whole file')).toMatch(/^Checking the file as a whole/);
    // A table this screen has no words for yet is still named, not hidden.
    expect(doctorStepWords('checking new_table')).toBe("Checking the collection's new table table…");
    expect(doctorStepWords('starting')).toBe('Starting the check…');
  });

  it('says what was checked, that nothing was found and that there is nothing to do', () => {
    expect(doctorVerdict(report)).toEqual({
      headline: 'Your collection is healthy.',
      checked: 'Checked every page of the collection: 12 decks, 1 card and 2,500 reviews, the search index, and the links between them.',
      found: [],
      advice: 'Nothing to do.',
    });
  });

  it('lists damage in plain words and says to restore a checked backup', () => {
    const verdict = doctorVerdict({ ...report, ok: false, problems: ['integrity: row 3 missing from index cards_due', '2 cards have unreadable content'] });
    expect(verdict.headline).toBe('Found 2 problems.');
    expect(verdict.found).toEqual(['The file is damaged: row 3 missing from index cards_due', '2 cards have unreadable content']);
    expect(verdict.advice).toMatch(/^Restore the newest backup whose check passed/);
  });

  it('passes on what upkeep said to do when only upkeep failed', () => {
    const verdict = doctorVerdict({ ...report, ok: false, problems: ['the last automatic backup failed: the disk is full. Free some space.'] });
    expect(verdict.found).toEqual(['the last automatic backup failed: the disk is full. Free some space.']);
    expect(verdict.advice).toBe('Follow what each line says; then run the check again.');
  });

  it('reads the backup and doctor jobs as the one job shape the polling helper follows', () => {
    expect(jobStatusOf.worker({ state: 'running', progress: 0.4, phase: 'copying', result: null, error: null })).toEqual({ state: 'running', fraction: 0.4, phase: 'copying', message: '' });
    expect(jobStatusOf.worker({ state: 'failed', progress: 0.4, phase: 'copying', result: null, error: { code: 'DISK_FULL', message: 'The disk is full.' } })).toEqual({
      state: 'failed',
      fraction: 0.4,
      phase: 'copying',
      message: 'The disk is full.',
    });
  });
});
