/**
 * Plain-text tables: columns padded to their widest cell, two spaces apart, no trailing spaces. Cells are
 * single-line (newlines become spaces) so a table never breaks in a terminal or a log.
 */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  const cells = [headers, ...rows].map((row) => headers.map((_, i) => cellText(row[i])));
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)));
  return cells
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Label/value lines (`Label    value`) aligned on the longest label; rows with a null value are left out. */
export function formatFields(fields: readonly (readonly [string, string | null])[]): string {
  const shown = fields.filter((field): field is readonly [string, string] => field[1] !== null);
  const width = Math.max(0, ...shown.map(([label]) => label.length));
  return shown.map(([label, value]) => `${label.padEnd(width)}  ${cellText(value)}`.trimEnd()).join('\n');
}

function cellText(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '-';
  return String(value).replace(/\s*\n\s*/g, ' ');
}
