import { describe, expect, it } from 'vitest';
import { apiContract } from '../../electron/api/api-contract.js';
import { importLimits } from '../../electron/core/importing/import-limits.js';
import { maxImportFileBase64, maxImportFileBytes } from '../../electron/core/importing/import-types.js';

describe('one file-size limit for imports', () => {
  it('the import, the API contract and the base64 bound are the same limit', () => {
    expect(importLimits.maxFileBytes).toBe(maxImportFileBytes);
    expect(Buffer.alloc(maxImportFileBytes).toString('base64').length).toBe(maxImportFileBase64);
    const args = (dataBase64: string) => apiContract['import.preview'].args.safeParse({ fileName: 'a.csv', dataBase64 }).success;
    expect(args('A'.repeat(maxImportFileBase64))).toBe(true);
    expect(args('A'.repeat(maxImportFileBase64 + 4))).toBe(false);
  });
});
