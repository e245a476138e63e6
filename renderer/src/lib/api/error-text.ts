import type { ErrorCodeValue } from '../../../../electron/api/wire-types';
import { ApiError } from './api-client';

/**
 * What helps, for each kind of failure: the back end's message says what
 * happened (in the learner's words), this says what to do about it. Typed
 * over the whole enum, so a new code cannot be added without its advice.
 */
const advice: Record<ErrorCodeValue, string> = {
  INVALID_ARGUMENT: '',
  UNKNOWN_METHOD: 'Reload the window (Ctrl+R); if it keeps happening, reinstall Demarc.',
  NOT_FOUND: 'It may have been deleted meanwhile: go back and reload the screen.',
  CONFLICT: '',
  INVALID_FILE: 'Check that it is a CSV or TSV file, an Anki .apkg or .colpkg, or a Demarc deck file.',
  FILE_TOO_LARGE: '',
  DATABASE_FROM_FUTURE: 'Update Demarc to the newest version to open it.',
  DATABASE_CORRUPT: 'Restore from backup: Settings → Backups → Restore…',
  DATABASE_FOREIGN: 'Choose a Demarc collection file, or restore from backup in Settings → Backups.',
  DATABASE_LOCKED: 'Close the other program using your collection (another Demarc window or the demarc command line), then try again.',
  DATABASE_READ_ONLY: 'Make the data folder writable (or move it to a disk you can write to), then try again.',
  DISK_FULL: 'Free some disk space, then try again.',
  NOT_ENOUGH_HISTORY: '',
  CANCELLED: '',
  SESSION_ENDED: 'Go back to Today and start a new session.',
  BACK_END_UNREACHABLE: 'Restart Demarc (in web mode: run npm run web again and open the address it prints).',
  INTERNAL: 'Try again; if it keeps happening, run "demarc doctor" and restore from backup in Settings → Backups.',
};

/** A failure as the learner reads it: what happened, then what helps. Never a code or a method name. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError || isErrorBody(error)) {
    const what = error.code === 'INTERNAL' ? 'Something went wrong inside Demarc.' : error.message;
    return [what, advice[error.code]].filter(Boolean).join(' ');
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** A typed error that arrived as data (an import job's status) rather than as a rejected call. */
function isErrorBody(value: unknown): value is { code: ErrorCodeValue; message: string } {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string' && typeof (value as { message?: unknown }).message === 'string' && (value as { code: string }).code in advice;
}
