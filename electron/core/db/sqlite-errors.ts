import { DemarcError, ErrorCode } from '../domain/errors.js';

/**
 * The one translation of SQLite and file-system failures into typed errors
 * with a message a user understands. Everything that touches a collection
 * file (handlers, the import worker, the CLI, background jobs) goes through it.
 */
export function translateSqliteError(error: unknown, file: string): unknown {
  if (error instanceof DemarcError) return error;
  const code = (error as { code?: string }).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT')) {
    return new DemarcError(ErrorCode.databaseCorrupt, `${file} is damaged or not a database (${message}). It was left untouched.`, { cause: error });
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new DemarcError(ErrorCode.databaseLocked, `${file} is locked by another program (is Demarc already running?).`, { cause: error });
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || (error as NodeJS.ErrnoException).code === 'EACCES') {
    return new DemarcError(ErrorCode.databaseReadOnly, `${file} cannot be written (read-only file or folder: ${message}).`, { cause: error });
  }
  if (code === 'SQLITE_FULL' || (error as NodeJS.ErrnoException).code === 'ENOSPC') {
    return new DemarcError(ErrorCode.diskFull, `The disk holding ${file} is full; nothing was saved. Free some space and try again.`, { cause: error });
  }
  return error;
}
