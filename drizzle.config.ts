// drizzle-kit configuration: the schema files are the source of truth, migrations are generated into ./migrations.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/*.ts',
  out: './migrations',
});
