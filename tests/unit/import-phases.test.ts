import { describe, expect, it } from 'vitest';
import { maxImportFileBytes, type ImportPreview } from '../../electron/api/wire-types.js';
import { afterImport, afterPreviewFailed, fileArgs, refusalOf, schedulingSummary } from '../../renderer/src/routes/import/import-phases.js';

describe('the Import screen’s phases', () => {
  it('refuses a file of another kind or over the limit before reading it', () => {
    expect(refusalOf({ name: 'deck.APKG', size: 10 })).toBeNull();
    expect(refusalOf({ name: 'notes.csv', size: maxImportFileBytes })).toBeNull();
    expect(refusalOf({ name: 'tool.exe', size: 10 })).toMatch(/^tool\.exe: Demarc imports \.csv, /);
    expect(refusalOf({ name: 'noextension', size: 10 })).toMatch(/Demarc imports/);
    expect(refusalOf({ name: 'huge.apkg', size: maxImportFileBytes + 1 })).toMatch(/^huge\.apkg is \d+ MiB; the limit is \d+ MiB\.$/);
  });

  it('sends the file the first time and its staged token after that', () => {
    expect(fileArgs('a.apkg', null, 'QUJD')).toEqual({ fileName: 'a.apkg', dataBase64: 'QUJD' });
    expect(fileArgs('a.apkg', 'token-of-the-file-00000', '')).toEqual({ fileName: 'a.apkg', staged: 'token-of-the-file-00000' });
  });

  it('a failed preview keeps the preview there was; a finished import shows its summary, else the preview with why', () => {
    expect(afterPreviewFailed(true)).toBe('preview');
    expect(afterPreviewFailed(false)).toBe('pick');
    const summary = { fileName: 'a.csv', format: 'csv', decks: [], added: 1 } as never;
    expect(afterImport({ state: 'done', fileName: 'a.csv', progress: 1, phase: 'Done', summary, error: null })).toEqual({ phase: 'done', summary });
    const error = { code: 'CANCELLED', message: 'Cancelled.' } as const;
    expect(afterImport({ state: 'failed', fileName: 'a.csv', progress: 0.2, phase: 'Reading', summary: null, error })).toEqual({ phase: 'preview', error });
    expect(afterImport(null)).toEqual({ phase: 'preview', error: 'stopped' });
  });

  it('says in one sentence what Anki’s scheduling brings', () => {
    const base: NonNullable<ImportPreview['scheduling']> = { review: 0, learning: 0, suspended: 0, buried: 0, flagged: 0, memoryStates: 0, desiredRetention: null, schedulerVersion: 2 };
    expect(schedulingSummary(base)).toBe('every card arrives new, as in Anki.');
    expect(schedulingSummary({ ...base, review: 3, learning: 1, suspended: 2, memoryStates: 1, desiredRetention: 0.9, schedulerVersion: 1 })).toBe(
      "3 review cards and 1 in learning keep Anki's due dates and lapses; 2 suspended stay so; 1 card keeps the FSRS memory Anki stored; the rest rebuild it from the history." +
        " Anki aimed at 90 % retention; the decks keep your Default preset. Answers from Anki's old scheduler (three buttons while learning) are read as Anki reads them.",
    );
    expect(schedulingSummary({ ...base, review: 1, desiredRetention: 0.85, presets: [{ name: 'Anki: Exam', desiredRetention: 0.85, decks: ['EC2'] }] })).toBe(
      "1 review card keeps Anki's due dates and lapses; memory states are rebuilt from the history with FSRS." +
        ' Deck "EC2" gets the preset "Anki: Exam" with Anki\'s desired retention of 85 %.',
    );
  });
});
