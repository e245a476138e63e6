import fs from 'node:fs';
import path from 'node:path';
import { DemarcError, ErrorCode } from '../../core/domain/errors.js';
import type { CliCommand } from '../cli-command.js';

export interface ExportResult {
  deckId: string;
  format: 'json' | 'csv';
  file: string;
  bytes: number;
}

export const exportCommand: CliCommand<ExportResult> = {
  name: 'export',
  summary: 'Export a deck as a Demarc deck file (json) or as CSV',
  usage: 'export DECK --out FILE [--format json|csv] [--db PATH] [--json]',
  options: { out: { type: 'string' }, format: { type: 'string' } },
  run: (ctx) => {
    const [deckId, ...extra] = ctx.positionals;
    if (!deckId || extra.length) throw new DemarcError(ErrorCode.invalidArgument, 'export needs exactly one DECK (its id, as `demarc decks` lists).');
    const out = ctx.values.out;
    if (typeof out !== 'string' || !out) throw new DemarcError(ErrorCode.invalidArgument, 'export needs --out FILE.');
    const requested = ctx.values.format ?? (path.extname(out).toLowerCase() === '.csv' ? 'csv' : 'json');
    if (requested !== 'json' && requested !== 'csv') throw new DemarcError(ErrorCode.invalidArgument, `--format must be json or csv (got "${String(requested)}").`);
    const file = ctx.collection().exportDeck(deckId, requested);
    const target = path.resolve(out);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.text, 'utf8');
    return { deckId, format: requested, file: target, bytes: Buffer.byteLength(file.text) };
  },
  format: (r) => `Exported deck ${r.deckId} as ${r.format} to ${r.file} (${(r.bytes / 1024).toFixed(1)} KiB).`,
};
