/**
 * CSV cells that a spreadsheet would run as a formula: a leading `=`, `+`,
 * `-`, `@`, tab or carriage return (and a line feed, which a carriage return
 * becomes when the file is read back) (`=cmd|' /C calc'!A0`, `=HYPERLINK(…)`).
 * On export such a cell gets a leading apostrophe, which spreadsheets show
 * as text; a cell that already starts with apostrophes before one of those
 * characters gets one more, so that the import can always remove exactly
 * one and give back the original text.
 */
const formulaLike = /^'*[=+\-@\t\r\n]/;
const escapedFormula = /^'+[=+\-@\t\r\n]/;

export function escapeFormula(value: string): string {
  return formulaLike.test(value) ? `'${value}` : value;
}

/** The inverse, for cells read from a CSV file (a Demarc export or any other). */
export function unescapeFormula(value: string): string {
  return escapedFormula.test(value) ? value.slice(1) : value;
}
