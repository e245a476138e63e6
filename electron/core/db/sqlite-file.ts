import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

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

export function openSqliteFile(file: string | Buffer, options: SqliteFileOptions = {}): SqliteDatabase {
  return new Database(file, { ...options, nativeBinding });
}
