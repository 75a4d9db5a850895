// Autocomplete queries: names containing what was typed (ignoring case), prefix matches first, capped.
import { asc, desc, ilike, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Suggestion } from '../../core/store.ts';
import type { Database } from '../client.ts';
import { likeEscape } from './pg-errors.ts';

export async function suggestByName(
  db: Database,
  table: PgTable,
  name: PgColumn,
  text: string,
  limit: number,
  describe?: { detail: PgColumn },
): Promise<Suggestion[]> {
  const t = likeEscape(text.trim());
  const where: SQL | undefined = t ? ilike(name, `%${t}%`) : undefined;
  const rows = await db
    .select({ name, detail: describe ? describe.detail : sql<null>`null` })
    .from(table)
    .where(where)
    .orderBy(...(t ? [desc(ilike(name, `${t}%`))] : []), asc(sql`lower(${name})`))
    .limit(limit);
  return rows.map((r) => {
    const value = String(r.name);
    return { name: r.detail ? `${value} · ${String(r.detail)}` : value, value };
  });
}
