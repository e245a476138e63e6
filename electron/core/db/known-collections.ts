import fs from 'node:fs';
import path from 'node:path';
import { DemarcError, ErrorCode } from '../domain/errors.js';

/**
 * Where the app has served a collection before, kept outside the data
 * folder (which may be what was deleted), so that a start finding no file
 * says so instead of silently creating an empty collection in its place.
 */
const listName = 'known-collections.json';

function read(stateDir: string): string[] {
  try {
    const value = JSON.parse(fs.readFileSync(path.join(stateDir, listName), 'utf8')) as unknown;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberCollection(stateDir: string, file: string): void {
  const known = read(stateDir);
  const absolute = path.resolve(file);
  if (known.includes(absolute)) return;
  try {
    fs.mkdirSync(stateDir, { recursive: true });
    const list = path.join(stateDir, listName);
    fs.writeFileSync(`${list}.tmp`, JSON.stringify([...known, absolute].slice(-50)));
    fs.renameSync(`${list}.tmp`, list);
  } catch {
    // best effort: without the note, the backups folder still tells
  }
}

/**
 * Refuses to create a collection where one used to be: the file is missing
 * but the app served it before, or backups of it lie beside it.
 */
export function assertNotVanished(file: string, stateDir: string | undefined, backupDir: string): void {
  if (fs.existsSync(file)) return;
  const backups = fs.existsSync(backupDir) ? fs.readdirSync(backupDir).filter((f) => f.endsWith('.sqlite')) : [];
  const known = stateDir !== undefined && read(stateDir).includes(path.resolve(file));
  if (!known && backups.length === 0) return;
  const where = backups.length > 0 ? `${backups.length} backup${backups.length > 1 ? 's are' : ' is'} in ${backupDir}` : 'its backups folder is gone too';
  throw new DemarcError(
    ErrorCode.notFound,
    `no collection at ${file}: restore a backup or start fresh. Demarc has used a collection there before (${where}). Restore with "demarc restore --db ${file}" (or --from BACKUP), or start fresh from the app's dialog (web mode: --start-fresh).`,
  );
}
