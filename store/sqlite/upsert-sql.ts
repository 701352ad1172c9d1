/**
 * Builds the INSERT ... ON CONFLICT statements from fixed column lists (never from values), with named parameters
 * (`@column`) bound from a row object.
 */

/** `INSERT INTO table (...) VALUES (@...) ON CONFLICT (key) DO UPDATE SET col = excluded.col, ...`. */
export function upsertSql(table: string, columns: readonly string[], key: readonly string[], where?: string): string {
  const updates = columns.filter((column) => !key.includes(column)).map((column) => `${column} = excluded.${column}`);
  return (
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((column) => `@${column}`).join(', ')}) ` +
    `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${updates.join(', ')}${where ? ` WHERE ${where}` : ''}`
  );
}

/** The column names of a row type; the `Record` argument makes the compiler check the list is complete and exact. */
export function columnsOf<Row>(columns: Record<keyof Row & string, true>): readonly string[] {
  return Object.keys(columns);
}
