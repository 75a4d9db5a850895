// The HTTP listener: /healthz (the process is up) and /readyz (the database answers). Webhooks join it later.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.ts';

export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface HttpServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export function healthRoutes(ready: () => Promise<void>): Record<string, Route> {
  return {
    'GET /healthz': (_req, res) => json(res, 200, { status: 'ok' }),
    'GET /readyz': async (_req, res) => {
      try {
        await ready();
        json(res, 200, { status: 'ready' });
      } catch {
        json(res, 503, { status: 'not ready', reason: 'database unavailable' });
      }
    },
  };
}

export async function startHttp(port: number, routes: Record<string, Route>, logger: Logger): Promise<HttpServer> {
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes[`${req.method} ${path}`];
    try {
      if (route) await route(req, res);
      else json(res, 404, { error: 'not found' });
    } catch (err) {
      logger.error({ err, path }, 'http handler failed');
      if (!res.headersSent) json(res, 500, { error: 'internal error' });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
