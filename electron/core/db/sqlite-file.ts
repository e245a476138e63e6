import Database from 'better-sqlite3';
import { searchText, searchTextFunction } from '../text/search-text.js';

export type SqliteDatabase = Database.Database;

declare const scratch: unique symbol;

/**
 * A connection to a private copy the caller made (an Anki package's collection
 * being defused and read, a backup copy recording its check): never the collection. Writes on it need no door;
 * the write-through-door lint rule accepts this type and nothing else besides
 * `WriteConnection`.
 */
export type ScratchConnection = Database.Database & { readonly [scratch]: true };

/** Opens a private copy for reading and defusing (see `ScratchConnection`). */
export function openScratchCopy(file: string | Buffer): ScratchConnection {
  return openSqliteFile(file) as ScratchConnection;
}

export interface SqliteFileOptions {
  readonly?: boolean;
  fileMustExist?: boolean;
  /** Busy timeout in milliseconds. */
  timeout?: number;
}

/**
 * The Electron shell loads an Electron-ABI build of better-sqlite3 while tests,
 * the CLI and web mode use the Node-ABI one in node_modules. Every SQLite file
 * in the process (the collection, an Anki package being read, a backup being
 * checked) must be opened with the same binding, so it is set once per process
 * (or worker thread) and this is the only place that calls `new Database`;
 * a lint rule forbids it anywhere else.
 */
let nativeBinding: string | undefined;

export function useNativeBinding(file: string | undefined): void {
  nativeBinding = file;
}

export function nativeBindingInUse(): string | undefined {
  return nativeBinding;
}

/**
 * Every connection gets the app's SQL functions: the card text index
 * (migration 0013) is kept in step by triggers that call the search text
 * function, so any connection that writes cards must have it.
 */
export function openSqliteFile(file: string | Buffer, options: SqliteFileOptions = {}): SqliteDatabase {
  const db = new Database(file, { ...options, nativeBinding });
  db.function(searchTextFunction, { deterministic: true }, (content: unknown) => (typeof content === 'string' ? searchText(content) : ''));
  return db;
}
