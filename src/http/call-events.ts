// POST /v1/call-events: the dialler's (or a switch's) finished calls, as a JSON array or NDJSON, behind the bearer
// token. Each event is checked on its own: the bad ones come back with their reasons, the good ones are stored once
// per call id and update the carrier health counters (src/health/ingest.ts). Bodies are never logged.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../core/store.ts';
import { ingestCallEvents, type RawCallEvent, type Rejection } from '../health/ingest.ts';
import { metrics } from '../metrics.ts';
import type { Logger } from '../logger.ts';
import { bearerGuard } from './bearer.ts';
import { json, type Route } from './server.ts';

/** About 40,000 events; a producer with more sends several requests. */
export const MAX_CALL_EVENTS_BODY = 10 * 1024 * 1024;
const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/jsonlines'];

export function callEventRoutes(opts: { token?: string; store: Store; logger: Logger; now?: () => Date }): Record<string, Route> {
  const guard = bearerGuard(opts.token, 'The call-event API');
  const now = opts.now ?? (() => new Date());
  return {
    'POST /v1/call-events': async (req, res) => {
      if (!guard(req, res)) return;
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const ndjson = NDJSON_TYPES.includes(type);
      if (!ndjson && type !== 'application/json') {
        return json(res, 415, { error: `send the events as application/json (an array) or application/x-ndjson (one per line), not ${type || 'no content type'}` });
      }
      const body = await readBody(req, res);
      if (body === null) return;
      const parsed = ndjson ? parseNdjson(body) : parseJsonArray(body);
      if ('error' in parsed) return json(res, 400, { error: parsed.error });
      const started = Date.now();
      const report = await ingestCallEvents(opts.store, parsed.items, { source: 'api', now: now() });
      const rejected = [...parsed.rejected, ...report.rejected].sort((a, b) => position(a) - position(b));
      const fields = { accepted: report.accepted, duplicates: report.duplicates, rejected: rejected.length, ms: Date.now() - started };
      metrics.eventsIngested('api', fields);
      if (report.unknownCarriers.length) {
        opts.logger.warn({ ...fields, carriers: report.unknownCarriers.slice(0, 10).map((u) => u.carrier.slice(0, 100)) }, 'call events name unknown carriers');
      }
      opts.logger.info(fields, 'call events ingested');
      json(res, 200, {
        accepted: report.accepted,
        duplicates: report.duplicates,
        rejected: rejected.map((r) => ({ ...r.at, ...(r.callId ? { call_id: r.callId } : {}), errors: r.errors })),
        unknown_carriers: report.unknownCarriers,
      });
    },
  };
}

const position = (r: Rejection) => ('index' in r.at ? r.at.index : r.at.line);

type Parsed = { items: RawCallEvent[]; rejected: Rejection[] } | { error: string };

/** A JSON array of events (a single object is taken as one event). */
function parseJsonArray(body: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    return { error: `the body is not valid JSON (${(err as Error).message}); send an array of events, or NDJSON with Content-Type: application/x-ndjson` };
  }
  const list = Array.isArray(value) ? value : typeof value === 'object' && value !== null ? [value] : null;
  if (!list) return { error: 'send an array of call events' };
  return { items: list.map((v, index) => ({ at: { index }, value: v })), rejected: [] };
}

/** One event per line; a line that is not JSON is refused on its own, blank lines are skipped. */
function parseNdjson(body: string): Parsed {
  const items: RawCallEvent[] = [];
  const rejected: Rejection[] = [];
  body.split('\n').forEach((text, i) => {
    const line = text.trim();
    if (!line) return;
    try {
      items.push({ at: { line: i + 1 }, value: JSON.parse(line) });
    } catch (err) {
      rejected.push({ at: { line: i + 1 }, errors: [`line: not valid JSON (${(err as Error).message})`] });
    }
  });
  return { items, rejected };
}

/** The body as text, or null once a 413 has been sent (the connection then closes: the rest is never read). */
function readBody(req: IncomingMessage, res: ServerResponse): Promise<string | null> {
  const tooLarge = () => {
    res.setHeader('connection', 'close');
    json(res, 413, { error: `the body is larger than ${MAX_CALL_EVENTS_BODY / 1024 / 1024} MB; send the events in several requests` });
  };
  if (Number(req.headers['content-length'] ?? 0) > MAX_CALL_EVENTS_BODY) {
    tooLarge();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_CALL_EVENTS_BODY) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      tooLarge();
      resolve(null);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}
