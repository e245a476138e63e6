import fs from 'node:fs';
import path from 'node:path';
import { DemarcError, ErrorCode } from '../domain/errors.js';

/**
 * Refuses a folder that cannot work: missing (a drive not mounted), not a
 * folder, or holding the live collection itself (sync engines corrupt SQLite
 * files written on two machines, so the database never goes in there).
 */
export function checkSyncFolder(folder: string, databaseFile: string): string {
  if (!path.isAbsolute(folder)) throw new DemarcError(ErrorCode.invalidArgument, `Give the sync folder as a full path (${folder} is relative).`);
  let real: string;
  try {
    real = fs.realpathSync(folder);
  } catch {
    throw new DemarcError(ErrorCode.notFound, `The sync folder ${folder} is not there. If it is on a drive or a share, connect it; otherwise choose the folder again.`);
  }
  if (!fs.statSync(real).isDirectory()) throw new DemarcError(ErrorCode.invalidArgument, `${folder} is a file, not a folder. Choose a folder for sync.`);
  if (databaseFile !== ':memory:') {
    const dbDir = fs.realpathSync(path.dirname(path.resolve(databaseFile)));
    const rel = path.relative(real, dbDir);
    if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
      throw new DemarcError(
        ErrorCode.invalidArgument,
        `The sync folder ${folder} holds the collection file itself; sync engines damage databases written on two machines. Choose an empty folder of its own inside your synced folder.`,
      );
    }
  }
  return real;
}

/** Turns a file-system failure in the sync folder into an error that says what to do. */
export function translateFolderError(error: unknown, folder: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC') return new DemarcError(ErrorCode.diskFull, `The disk holding the sync folder ${folder} is full. Free some space; your answers are kept and will travel on the next sync.`, { cause: error });
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new DemarcError(ErrorCode.invalidArgument, `Demarc may not write in the sync folder ${folder}. Check its permissions or choose another folder; your answers are kept.`, { cause: error });
  if (code === 'ENOENT') return new DemarcError(ErrorCode.notFound, `The sync folder ${folder} went away during sync. Reconnect it; nothing was lost.`, { cause: error });
  return error;
}
