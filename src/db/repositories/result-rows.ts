// Rows of a raw db.execute: postgres.js returns the rows themselves, PGlite a result object holding them.

export function resultRows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
