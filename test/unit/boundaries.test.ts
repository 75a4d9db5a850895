// Architecture rules: the core and the commands import no platform or database SDK, and only src/config.ts reads process.env.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const p = join(dir, name);
    return statSync(join(root, p)).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const FORBIDDEN = /from\s+['"](@slack\/[^'"]*|discord\.js|livekit-server-sdk|postgres|drizzle-orm[^'"]*|@electric-sql\/pglite|pino)['"]/;

describe('boundaries', () => {
  it('src/core and commands/ import no platform or database SDK', () => {
    const scanned = [...files('src/core'), ...files('commands')];
    expect(scanned.length).toBeGreaterThan(20);
    const offenders = scanned.filter((f) => FORBIDDEN.test(readFileSync(join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the import check would catch an offender', () => {
    expect(FORBIDDEN.test("import { App } from '@slack/bolt';")).toBe(true);
    expect(FORBIDDEN.test("import { eq } from 'drizzle-orm';")).toBe(true);
    expect(FORBIDDEN.test("import postgres from 'postgres';")).toBe(true);
  });

  it('no file but src/config.ts reads process.env', () => {
    const offenders = [...files('src'), ...files('commands')]
      .filter((f) => relative('.', f) !== join('src', 'config.ts'))
      .filter((f) => /process\.env/.test(readFileSync(join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
