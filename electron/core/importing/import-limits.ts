import { DemarcError, ErrorCode } from '../domain/errors.js';
import { maxImportFileBytes } from './import-types.js';

/** Hard limits on what an import may read, checked before anything is inflated. */
export const importLimits = {
  /** The file as uploaded. */
  maxFileBytes: maxImportFileBytes,
  /** Entries in a zip's central directory. */
  maxZipEntries: 10_000,
  /** Sum of the declared uncompressed sizes of every zip entry we extract (and of zstd output). */
  maxTotalUncompressed: 1024 * 1024 * 1024,
  /** A compressed entry larger than this (uncompressed) must not expand more than maxRatio times. */
  ratioCheckAbove: 1024 * 1024,
  maxRatio: 200,
  /** Text rows in a CSV file. */
  maxCsvRows: 1_000_000,
  /** One media file (larger ones would not be served either). */
  maxMediaFileBytes: 64 * 1024 * 1024,
  /** The media files one import brings in (only those its cards use are counted, or kept). */
  maxImportMediaBytes: 256 * 1024 * 1024,
  /** The whole media folder, after the import. */
  maxMediaFolderBytes: 2 * 1024 * 1024 * 1024,
} as const;

export function checkFileSize(fileName: string, size: number): void {
  if (size > importLimits.maxFileBytes) {
    throw new DemarcError(
      ErrorCode.fileTooLarge,
      `${fileName}: the file is ${mib(size)} MiB; imports are limited to ${mib(importLimits.maxFileBytes)} MiB.`,
    );
  }
}

export function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);
}

export function invalidFile(fileName: string, problem: string): DemarcError {
  return new DemarcError(ErrorCode.invalidFile, `${fileName}: ${problem}`);
}
