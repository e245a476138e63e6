import { expect } from 'vitest';
import type { Collection } from '../../electron/core/collection.js';
import { isDemarcError } from '../../electron/core/domain/errors.js';
import { snapshot } from '../fixtures/db-snapshot.js';
import { databaseOf } from './collection-database.js';

/** The import is refused with `code`, a message naming the file and matching `message`, and the collection is unchanged. */
export function expectImportRefused(c: Collection, fileName: string, bytes: Uint8Array, code: string, message: RegExp): void {
  const before = snapshot(databaseOf(c));
  let caught: unknown;
  try {
    c.runImport(fileName, Buffer.from(bytes), {});
  } catch (error) {
    caught = error;
  }
  expect(isDemarcError(caught), String(caught)).toBe(true);
  expect((caught as Error & { code: string }).code).toBe(code);
  expect((caught as Error).message).toContain(fileName);
  expect((caught as Error).message).toMatch(message);
  expect(snapshot(databaseOf(c))).toEqual(before);
}
