import type Database from 'better-sqlite3';
import { DemarcError, ErrorCode } from '../domain/errors.js';

export function exportDeck(_db: Database.Database, _deckId: string, _format: 'json' | 'csv'): { fileName: string; mimeType: string; text: string } {
  throw new DemarcError(ErrorCode.internal, 'export: not built yet');
}
