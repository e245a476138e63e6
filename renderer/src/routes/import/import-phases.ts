import { maxImportFileBytes, type ApiResult, type ImportPreview, type ImportSummary } from '../../../../electron/api/wire-types';
import { plural } from '../../lib/format/labels';

export const acceptedExtensions = ['.csv', '.tsv', '.txt', '.json', '.apkg', '.colpkg'];
/** The back end's one limit (electron/core/importing/import-types.ts), checked here before the file is read. */
const maxFileBytes = maxImportFileBytes;

/**
 * The Import screen's phases: pick a file → read it (in the browser) →
 * preview (the back end reads it and stages it) → import (a job, polled) →
 * done. Each step below says where the screen goes; the screen draws it.
 */
export type ImportPhase = 'pick' | 'reading' | 'preview' | 'importing' | 'done';

/** Why a file is refused before it is read (wrong kind, too large), or null. */
export function refusalOf(file: { name: string; size: number }): string | null {
  const dot = file.name.lastIndexOf('.');
  const extension = dot < 0 ? '' : file.name.slice(dot).toLowerCase();
  if (!acceptedExtensions.includes(extension)) return `${file.name}: Demarc imports ${acceptedExtensions.join(', ')} files.`;
  if (file.size > maxFileBytes) return `${file.name} is ${(file.size / 1048576).toFixed(0)} MiB; the limit is ${maxFileBytes / 1048576} MiB.`;
  return null;
}

/**
 * The file as a preview or an import names it: its bytes the first time,
 * then the token the first preview staged it under (the file crosses the
 * transport once).
 */
export function fileArgs(fileName: string, staged: string | null, dataBase64: string): { fileName: string; staged: string } | { fileName: string; dataBase64: string } {
  return staged ? { fileName, staged } : { fileName, dataBase64 };
}

/** A preview failed: back to the preview there was, else to picking a file. */
export function afterPreviewFailed(hadPreview: boolean): ImportPhase {
  return hadPreview ? 'preview' : 'pick';
}

/** Where a finished import job leaves the screen: its summary, or the preview again with what went wrong. */
export function afterImport(status: ApiResult<'import.status'> | null): { phase: 'done'; summary: ImportSummary } | { phase: 'preview'; error: ApiResult<'import.status'>['error'] | 'stopped' } {
  if (status?.state === 'done' && status.summary) return { phase: 'done', summary: status.summary };
  return { phase: 'preview', error: status?.error ?? 'stopped' };
}

/** What Anki's scheduling brings, in one sentence: states kept, marks kept, and whose memory the cards start from. */
export function schedulingSummary(s: NonNullable<ImportPreview['scheduling']>): string {
  const verb = (n: number) => (n === 1 ? 'keeps' : 'keep');
  const studied = s.review + s.learning;
  const parts = [
    studied
      ? `${plural(s.review, 'review card')}${s.learning ? ` and ${s.learning} in learning` : ''} ${verb(studied)} Anki's due dates and lapses`
      : 'every card arrives new, as in Anki',
  ];
  const marks = [s.suspended ? `${s.suspended} suspended` : '', s.buried ? `${s.buried} buried` : '', s.flagged ? `${s.flagged} flagged` : ''].filter(Boolean);
  if (marks.length) parts.push(`${marks.join(', ')} stay so`);
  if (studied) parts.push(s.memoryStates ? `${plural(s.memoryStates, 'card')} ${verb(s.memoryStates)} the FSRS memory Anki stored; the rest rebuild it from the history` : 'memory states are rebuilt from the history with FSRS');
  let text = `${parts.join('; ')}.`;
  const presets = s.presets ?? [];
  for (const p of presets) {
    text += ` ${p.decks.length === 1 ? `Deck "${p.decks[0]}" gets` : `${p.decks.length} decks get`} the preset "${p.name}" with Anki's desired retention of ${Math.round(p.desiredRetention * 1000) / 10} %.`;
  }
  if (!presets.length && s.desiredRetention !== null) text += ` Anki aimed at ${Math.round(s.desiredRetention * 1000) / 10} % retention; the decks keep your Default preset.`;
  if (s.schedulerVersion === 1) text += " Answers from Anki's old scheduler (three buttons while learning) are read as Anki reads them.";
  return text;
}
