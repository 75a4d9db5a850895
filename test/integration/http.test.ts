// /healthz and /readyz on the real HTTP listener; readiness follows the database.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { healthRoutes, startHttp, type HttpServer } from '../../src/http/server.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';

let h: Harness;
let http: HttpServer;
let dbUp = true;
beforeAll(async () => {
  h = await createHarness();
  http = await startHttp(0, healthRoutes(async () => {
    if (!dbUp) throw new Error('down');
    await h.app.store.ping();
  }), h.logger);
});
afterAll(async () => {
  await http?.close();
  await h?.close();
});

const get = async (path: string) => {
  const res = await fetch(`http://127.0.0.1:${http.port}${path}`);
  return { status: res.status, body: await res.json() };
};

it('answers health and readiness', async () => {
  expect(await get('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
  expect(await get('/readyz')).toEqual({ status: 200, body: { status: 'ready' } });
  expect((await get('/nope')).status).toBe(404);
});

it('is not ready when the database does not answer', async () => {
  dbUp = false;
  expect(await get('/readyz')).toEqual({ status: 503, body: { status: 'not ready', reason: 'database unavailable' } });
  dbUp = true;
});
