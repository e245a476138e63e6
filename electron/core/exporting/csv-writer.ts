/** One CSV field: quoted when it holds the separator, a quote, a line break, a leading '#' or edge spaces. */
export function csvField(value: string, separator = ','): string {
  const needsQuotes =
    value.includes(separator) || value.includes('"') || value.includes('\n') || value.includes('\r') || value.startsWith('#') || value !== value.trim();
  return needsQuotes ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: readonly string[], separator = ','): string {
  return values.map((v) => csvField(v, separator)).join(separator);
}
