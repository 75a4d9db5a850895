// GET /metrics: the Prometheus text of src/metrics.ts, the open-alerts gauge read from the database as it is scraped.
// Open unless METRICS_TOKEN is set; then the scraper sends `Authorization: Bearer <METRICS_TOKEN>` (Prometheus:
// `authorization: { credentials: … }` in the scrape config). Tokens are compared as SHA-256 digests in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { OpenAlertCount } from '../core/health/view-ports.ts';
import type { Metrics } from '../metrics.ts';
import { json, type Route } from './server.ts';

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest();

export function metricsRoutes(o: { token?: string; metrics: Metrics; openAlerts: () => Promise<OpenAlertCount[]> }): Record<string, Route> {
  const want = o.token ? digest(o.token) : undefined;
  return {
    'GET /metrics': async (req, res) => {
      if (want) {
        const given = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '')?.[1];
        if (!given || !timingSafeEqual(digest(given), want)) {
          res.setHeader('www-authenticate', given ? 'Bearer realm="trunkops", error="invalid_token"' : 'Bearer realm="trunkops"');
          json(res, 401, { error: given ? 'invalid token' : 'missing bearer token: send Authorization: Bearer <METRICS_TOKEN>' });
          return;
        }
      }
      const body = await o.metrics.scrape(o.openAlerts);
      res.writeHead(200, { 'content-type': o.metrics.contentType, 'cache-control': 'no-store' });
      res.end(body);
    },
  };
}
