// Three projects: unit (no database), pglite (integration + e2e on embedded Postgres) and, when
// TEST_DATABASE_URL is set, postgres (the same files against a real server). Each test file gets its own database.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));
const dbFiles = ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'];
const pgUrl = process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    root,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/process/**/*.test.ts'] } },
      { extends: true, test: { name: 'pglite', include: dbFiles, provide: { dbKind: 'pglite' as const, databaseUrl: '' } } },
      ...(pgUrl
        ? [{ extends: true as const, test: { name: 'postgres', include: dbFiles, provide: { dbKind: 'postgres' as const, databaseUrl: pgUrl } } }]
        : []),
    ],
  },
});

declare module 'vitest' {
  export interface ProvidedContext {
    dbKind: 'pglite' | 'postgres';
    databaseUrl: string;
  }
}
