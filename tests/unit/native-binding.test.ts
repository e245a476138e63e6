import { afterEach, describe, expect, it } from 'vitest';
import { useNativeBinding } from '../../electron/core/db/sqlite-file.js';
import { readAnkiCollection } from '../../electron/core/importing/anki-collection.js';
import { openDatabase } from '../../electron/core/db/open-database.js';
import { decoyCollection } from '../fixtures/anki-fixture.js';

/**
 * The desktop app loads an Electron-ABI build of better-sqlite3. Under Node the
 * only way to see that every SQLite file goes through the process's binding is
 * to set a binding that cannot load and watch each opener fail on it.
 */
describe('the native binding set for the process', () => {
  const missing = '/nonexistent/electron-abi/better_sqlite3.node';
  afterEach(() => useNativeBinding(undefined));

  it('is used to read an Anki collection inside a package', () => {
    useNativeBinding(missing);
    expect(() => readAnkiCollection('deck.apkg', 'collection.anki2', decoyCollection(), { includeHistory: false })).toThrow(/electron-abi/);
    useNativeBinding(undefined);
    expect(readAnkiCollection('deck.apkg', 'collection.anki2', decoyCollection(), { includeHistory: false }).notes.size).toBeGreaterThan(0);
  });

  it('is what a collection opened with a binding sets for later opens in the process', () => {
    expect(() => openDatabase(':memory:', { nativeBinding: missing })).toThrow(/electron-abi/);
    expect(() => readAnkiCollection('deck.apkg', 'collection.anki2', decoyCollection(), { includeHistory: false })).toThrow(/electron-abi/);
  });
});
