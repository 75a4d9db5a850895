// CDR CSV files (`calls import`): the header names columns in whatever words the switch used (call_id, uuid,
// Call-ID; carrier, trunk; number, destination, dst, called; …); each row becomes a raw call event with its line
// number, checked later by the same rules as the API. Decoding and splitting reuse the rate-deck reader: BOM and
// Windows-1252, quoted cells, comma / semicolon / tab / pipe.
import { fieldError } from '../core/runtime/errors.ts';
import { decodeDeck, headLines, records, sniffSeparator } from '../ratecards/sniff.ts';
import type { RawCallEvent } from './ingest.ts';

type Field = 'call_id' | 'carrier' | 'number' | 'direction' | 'sip_code' | 'started_at' | 'answered_at' | 'ended_at';

/** Header words per field, compared lower-cased with everything but letters and digits removed ("Call-ID" → callid). */
const HEADERS: Record<Field, string[]> = {
  call_id: ['callid', 'uuid', 'sipcallid', 'calluuid', 'cdrid'],
  carrier: ['carrier', 'carrierid', 'carriername', 'trunk', 'trunkid', 'trunkname', 'provider', 'vendor', 'gateway'],
  number: ['number', 'destination', 'destinationnumber', 'dst', 'dest', 'called', 'callednumber', 'calledparty', 'calledto', 'dialled', 'dialed', 'diallednumber', 'dialednumber', 'dnis', 'to'],
  direction: ['direction', 'dir', 'calldirection'],
  sip_code: ['sipcode', 'code', 'hangupcode', 'sipresponse', 'responsecode', 'finalcode', 'sipstatus', 'siphangupcode'],
  started_at: ['start', 'started', 'startedat', 'starttime', 'startstamp', 'invitetime', 'setuptime'],
  answered_at: ['answer', 'answered', 'answeredat', 'answertime', 'answerstamp', 'connecttime'],
  ended_at: ['end', 'ended', 'endedat', 'endtime', 'endstamp', 'hanguptime', 'releasetime'],
};
/** The columns a CDR must have, and how the error names them. */
const REQUIRED: Partial<Record<Field, string>> = {
  call_id: 'call id column (call_id, uuid or Call-ID)',
  carrier: 'carrier column (carrier or trunk)',
  number: 'number column (number, destination, dst or called)',
  sip_code: 'SIP code column (sip_code, code or hangup code)',
  started_at: 'start time column (start or started_at)',
  ended_at: 'end time column (end or ended_at)',
};
const key = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

export interface CdrFile {
  /** One per data row, at its line; cells by field name (blank cells absent). */
  rows: RawCallEvent[];
  /** Which header cell each field was read from. */
  columns: Partial<Record<Field, string>>;
}

/** Reads the rows of a CDR file; throws a ValidationError (field "file") when the header lacks a required column. */
export function readCdrCsv(data: Buffer): CdrFile {
  const { text } = decodeDeck(data);
  const sep = sniffSeparator(headLines(text, 20));
  const rows: RawCallEvent[] = [];
  let header: string[] | undefined;
  const index: Partial<Record<Field, number>> = {};
  for (const rec of records(text, sep)) {
    if (rec.cells.every((c) => c.trim() === '')) continue;
    if (!header) {
      header = rec.cells.map((c) => c.trim());
      for (const field of Object.keys(HEADERS) as Field[]) {
        const i = header.findIndex((h) => HEADERS[field].includes(key(h)));
        if (i >= 0) index[field] = i;
      }
      const missing = (Object.keys(REQUIRED) as Field[]).filter((f) => index[f] === undefined);
      if (missing.length) {
        throw fieldError('file', 'File', `the header row has no ${missing.map((f) => REQUIRED[f]).join(', no ')}; the first line must name the columns`);
      }
      continue;
    }
    // A blank code cell is "no final response", which the checks spell as null; other blank cells are absent.
    const value: Record<string, string | null> = { sip_code: null };
    for (const [field, i] of Object.entries(index) as [Field, number][]) {
      const cell = rec.cells[i]?.trim();
      if (cell) value[field] = cell;
    }
    rows.push({ at: { line: rec.line }, value });
  }
  if (!header) throw fieldError('file', 'File', 'the file is empty; expected a header row (call_id, carrier, number, sip_code, started_at, answered_at, ended_at) and one row per call');
  return { rows, columns: Object.fromEntries(Object.entries(index).map(([f, i]) => [f, header![i]])) };
}
