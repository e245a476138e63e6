import type { Collection } from '../collection.js';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import type { ImportOptions, ImportPreview, ImportSummary } from './import-types.js';

export function previewImport(_c: Collection, _fileName: string, _bytes: Buffer, _options: ImportOptions): ImportPreview {
  throw new DemarcError(ErrorCode.internal, 'import: not built yet');
}

export function runImport(_c: Collection, _fileName: string, _bytes: Buffer, _options: ImportOptions): ImportSummary {
  throw new DemarcError(ErrorCode.internal, 'import: not built yet');
}
