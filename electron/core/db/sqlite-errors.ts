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
  // File-system calls (copying a backup or an import's media, creating a folder) fail with errno codes
  // and name the path they failed on, which is the one to tell the user about.
  const where = ((error as { dest?: string }).dest ?? (error as NodeJS.ErrnoException).path ?? file).replace(/\.partial$/, '');
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new DemarcError(ErrorCode.databaseReadOnly, `${where} cannot be written (read-only file or folder: ${message}).`, { cause: error });
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return new DemarcError(ErrorCode.diskFull, `The disk holding ${where} is full; nothing was saved. Free some space and try again.`, { cause: error });
  }
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new DemarcError(ErrorCode.notFound, `${where} does not exist (was its folder moved or deleted?): ${message}`, { cause: error });
  }
  return error;
}
