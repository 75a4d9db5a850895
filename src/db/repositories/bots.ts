// BotRepo on drizzle.
import { asc, eq, getTableColumns, sql } from 'drizzle-orm';
import { ValidationError } from '../../core/runtime/errors.ts';
import type { Bot, BotListItem, BotRepo } from '../../core/store.ts';
import type { Database } from '../client.ts';
import { bots } from '../schema/bots.ts';
import { isUniqueViolation } from './pg-errors.ts';
import { suggestByName } from './suggest.ts';

export function botRepo(db: Database): BotRepo {
  return {
    async insert(b) {
      try {
        const [row] = await db.insert(bots).values(b).returning();
        return row as Bot;
      } catch (err) {
        if (isUniqueViolation(err)) throw new ValidationError([{ field: 'name', label: 'Name', message: `a bot named "${b.name}" already exists` }]);
        throw err;
      }
    },
    suggest: (text, limit) => suggestByName(db, bots, bots.name, text, limit, { detail: bots.agentName }),
    async update(id, b) {
      try {
        const [row] = await db.update(bots).set(b).where(eq(bots.id, id)).returning();
        return row as Bot;
      } catch (err) {
        if (isUniqueViolation(err)) throw new ValidationError([{ field: 'name', label: 'Name', message: `a bot named "${b.name}" already exists` }]);
        throw err;
      }
    },
    async delete(id) {
      await db.delete(bots).where(eq(bots.id, id));
    },
    async findByName(name) {
      const [row] = await db.select().from(bots).where(sql`lower(${bots.name}) = lower(${name.trim()})`);
      return (row as Bot) ?? null;
    },
    async findById(id) {
      const [row] = await db.select().from(bots).where(eq(bots.id, id));
      return (row as Bot) ?? null;
    },
    async list() {
      const rows = await db
        .select({
          ...getTableColumns(bots),
          // Spelled out: drizzle renders columns unqualified inside a raw subquery, which would bind to the wrong table.
          didCount: sql<number>`(select count(*)::int from dids d where d.bot_id = "bots"."id")`.mapWith(Number),
        })
        .from(bots)
        .orderBy(asc(sql`lower(${bots.name})`));
      return rows as BotListItem[];
    },
  };
}
