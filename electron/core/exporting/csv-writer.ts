import { escapeFormula } from '../text/spreadsheet-formulas.js';

/**
 * One CSV field: formula-like text escaped (spreadsheet-formulas.ts), then
 * quoted when it holds the separator, a quote, a line break, a leading '#'
 * or edge spaces (a leading tab is kept inside the quotes).
 */
export function csvField(raw: string, separator = ','): string {
  const value = escapeFormula(raw);
  const needsQuotes =
    value.includes(separator) || value.includes('"') || value.includes('\n') || value.includes('\r') || value.startsWith('#') || value !== value.trim();
  return needsQuotes ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: readonly string[], separator = ','): string {
  return values.map((v) => csvField(v, separator)).join(separator);
}
