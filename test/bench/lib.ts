// Shared by the benchmarks: a throwaway Postgres database, percentiles, and writing figures into README.md.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import postgres from 'postgres';
import type { App } from '../../src/app.ts';
import { createDb, type DbHandle } from '../../src/db/client.ts';

export const benchUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A throwaway database on the bench server, migrated by whoever opens the app on it; drop() removes it. */
export async function serverDb(poolSize = 10): Promise<{ handle: DbHandle; url: string; drop: () => Promise<void> }> {
  const name = `trunkops_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(benchUrl, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  await admin.unsafe(`create database ${name}`);
  const u = new URL(benchUrl);
  u.pathname = `/${name}`;
  const handle = await createDb({ url: u.toString(), poolSize });
  return {
    handle,
    url: u.toString(),
    drop: async () => {
      await handle.close().catch(() => {});
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * Runs `measure` on a throwaway Postgres database (when a server answers; dropped afterwards) and then on
 * PGlite (`server` undefined), and returns every row.
 */
export async function onEachBackend<R>(measure: (backend: 'postgres' | 'pglite', server?: { handle: DbHandle; url: string }) => Promise<R[]>): Promise<R[]> {
  const rows: R[] = [];
  const server = await serverDb().catch((err: Error) => {
    console.error(`no Postgres server (${err.message}); measuring PGlite only`);
    return null;
  });
  if (server) {
    try {
      rows.push(...(await measure('postgres', server)));
    } finally {
      await server.drop();
    }
  }
  rows.push(...(await measure('pglite')));
  return rows;
}

/** mulberry32: the same generated data every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function machine(): string {
  return `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}`;
}

/** Replaces the text between <!-- bench:NAME:start --> and <!-- bench:NAME:end --> in test/bench/README.md. */
export function writeSection(name: string, lines: string[]): void {
  const file = new URL('./README.md', import.meta.url);
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = [start, ...lines, end].join('\n');
  const current = readFileSync(file, 'utf8');
  const i = current.indexOf(start);
  const j = current.indexOf(end);
  writeFileSync(file, i >= 0 && j > i ? current.slice(0, i) + block + current.slice(j + end.length) : `${current.trimEnd()}\n\n${block}\n`);
  console.log(`figures written to ${file.pathname} (${name})`);
}

/** `carriers` carriers named "Carrier i", each with three numbers +1555…, added through the dispatcher. */
export async function seed(app: App, carriers: number) {
  const ctx = { platform: 'console' as const, user: { id: 'console:local', groups: [] }, positionals: [], interactive: false };
  for (let i = 0; i < carriers; i++) {
    await app.dispatcher.dispatch({ ...ctx, path: ['carrier', 'add'], args: { name: `Carrier ${i}`, sip_address: `c${i}.example:5060` } });
    for (let j = 0; j < 3; j++) {
      const n = i * 3 + j;
      await app.dispatcher.dispatch({ ...ctx, path: ['did', 'add'], args: { carrier: `Carrier ${i}`, number: `+1555${String(n).padStart(7, '0')}` } });
    }
  }
}
