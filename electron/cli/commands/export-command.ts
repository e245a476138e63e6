import fs from 'node:fs';
import path from 'node:path';
import { DemarcError, ErrorCode } from '../../core/domain/errors.js';
import type { CliCommand } from '../cli-command.js';

const formats = ['json', 'csv', 'apkg', 'colpkg'] as const;
type ExportFormat = (typeof formats)[number];

export interface ExportResult {
  /** The deck exported; null for a whole-collection `.colpkg`. */
  deckId: string | null;
  format: ExportFormat;
  file: string;
  bytes: number;
  /** Anki packages: what went in. */
  anki?: { decks: number; cards: number; reviews: number; media: number; withScheduling: boolean; legacy: boolean };
}

function formatOf(requested: unknown, out: string): ExportFormat {
  // Without --format, the file's extension names it when it is one of the formats; anything else is a deck file.
  const extension = path.extname(out).slice(1).toLowerCase();
  const value = requested ?? (formats.includes(extension as ExportFormat) ? extension : 'json');
  if (!formats.includes(value as ExportFormat)) throw new DemarcError(ErrorCode.invalidArgument, `--format must be json, csv, apkg or colpkg (got "${String(value)}").`);
  return value as ExportFormat;
}

export const exportCommand: CliCommand<ExportResult> = {
  name: 'export',
  summary: 'Export a deck as a Demarc deck file (json), CSV or an Anki package (apkg), or every deck as an Anki collection package (colpkg)',
  usage: 'export [DECK] --out FILE [--format json|csv|apkg|colpkg] [--no-scheduling] [--legacy] [--db PATH] [--json]',
  options: { out: { type: 'string' }, format: { type: 'string' }, 'no-scheduling': { type: 'boolean' }, legacy: { type: 'boolean' } },
  run: async (ctx) => {
    const out = ctx.values.out;
    if (typeof out !== 'string' || !out) throw new DemarcError(ErrorCode.invalidArgument, 'export needs --out FILE.');
    const format = formatOf(ctx.values.format, out);
    const [deckId, ...extra] = ctx.positionals;
    if (extra.length || (format === 'colpkg' ? deckId !== undefined : !deckId)) {
      throw new DemarcError(
        ErrorCode.invalidArgument,
        format === 'colpkg' ? 'export --format colpkg writes every deck: give no DECK.' : 'export needs exactly one DECK (its id, as `demarc decks` lists).',
      );
    }
    const target = path.resolve(out);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (format === 'apkg' || format === 'colpkg') {
      const withScheduling = ctx.values['no-scheduling'] !== true;
      // --legacy: the form Anki before 2.1.50 reads (schema 11, no zstd), as Anki's "support older Anki versions".
      const legacy = ctx.values.legacy === true;
      const pkg = await ctx.collection().exportAnkiPackage(format === 'colpkg' ? null : deckId!, { withScheduling, legacy });
      fs.writeFileSync(target, pkg.bytes);
      return {
        deckId: deckId ?? null,
        format,
        file: target,
        bytes: pkg.bytes.length,
        anki: { decks: pkg.decks, cards: pkg.cards, reviews: pkg.reviews, media: pkg.media, withScheduling, legacy },
      };
    }
    const file = ctx.collection().exportDeck(deckId!, format);
    fs.writeFileSync(target, file.text, 'utf8');
    return { deckId: deckId!, format, file: target, bytes: Buffer.byteLength(file.text) };
  },
  format: (r) => {
    const what = r.deckId === null ? 'every deck' : `deck ${r.deckId}`;
    const size = `${(r.bytes / 1024).toFixed(1)} KiB`;
    if (!r.anki) return `Exported ${what} as ${r.format} to ${r.file} (${size}).`;
    const a = r.anki;
    const history = a.withScheduling ? `with scheduling and ${a.reviews} review${a.reviews === 1 ? '' : 's'}` : 'without scheduling (cards arrive new)';
    return `Exported ${what} as ${r.format} to ${r.file} (${size}): ${a.cards} card${a.cards === 1 ? '' : 's'} in ${a.decks} deck${a.decks === 1 ? '' : 's'}, ${history}, ${a.media} media file${a.media === 1 ? '' : 's'}.`;
  },
};
