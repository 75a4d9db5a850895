// CDR CSV reading: header synonyms, separators, quoted cells, blank lines, line numbers; a missing column refuses the file.
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/runtime/errors.ts';
import { readCdrCsv } from '../../src/health/cdr-csv.ts';

const csv = (lines: string[]) => Buffer.from(lines.join('\r\n'));

describe('readCdrCsv', () => {
  it('maps switch-style headers and keeps each row with its line', () => {
    const file = readCdrCsv(
      csv([
        'UUID;Trunk;Destination;Direction;Hangup Code;Start;Answer;End',
        'a1;Acme;+14155550100;outbound;200;2026-05-01 10:00:00;2026-05-01 10:00:05;2026-05-01 10:01:00',
        '',
        'a2;Acme;+14155550101;;487;2026-05-01 10:02:00;;2026-05-01 10:02:30',
      ]),
    );
    expect(file.columns).toEqual({ call_id: 'UUID', carrier: 'Trunk', number: 'Destination', direction: 'Direction', sip_code: 'Hangup Code', started_at: 'Start', answered_at: 'Answer', ended_at: 'End' });
    expect(file.rows).toEqual([
      { at: { line: 2 }, value: { call_id: 'a1', carrier: 'Acme', number: '+14155550100', direction: 'outbound', sip_code: '200', started_at: '2026-05-01 10:00:00', answered_at: '2026-05-01 10:00:05', ended_at: '2026-05-01 10:01:00' } },
      { at: { line: 4 }, value: { call_id: 'a2', carrier: 'Acme', number: '+14155550101', sip_code: '487', started_at: '2026-05-01 10:02:00', ended_at: '2026-05-01 10:02:30' } },
    ]);
  });

  it.each([
    ['Call-ID,carrier,dst,code,started_at,ended_at', { call_id: 'Call-ID', number: 'dst', sip_code: 'code' }],
    ['call_id\tcarrier_name\tcalled\tsip_code\tstart_time\tend_time', { carrier: 'carrier_name', number: 'called', started_at: 'start_time', ended_at: 'end_time' }],
    ['"Call ID"|"Provider"|"Dialed Number"|"SIP Status"|"Invite Time"|"Release Time"', { call_id: 'Call ID', carrier: 'Provider', number: 'Dialed Number', sip_code: 'SIP Status' }],
  ])('reads the header %s', (header, expected) => {
    expect(readCdrCsv(csv([header])).columns).toMatchObject(expected);
  });

  it('a blank code cell is no final response; quoted cells may hold separators and line breaks', () => {
    const file = readCdrCsv(csv(['call_id,carrier,number,sip_code,started_at,ended_at', '"x,1","Acme, Inc",+14155550100,,2026-05-01T10:00:00Z,2026-05-01T10:00:30Z', '"y\n2",Acme,+14155550100,503,2026-05-01T10:00:00Z,2026-05-01T10:00:30Z', 'z,Acme,+14155550100,503,2026-05-01T10:00:00Z,2026-05-01T10:00:30Z']));
    expect(file.rows.map((r) => [r.at, (r.value as Record<string, unknown>).call_id, (r.value as Record<string, unknown>).sip_code])).toEqual([
      [{ line: 2 }, 'x,1', null],
      [{ line: 3 }, 'y\n2', '503'],
      [{ line: 5 }, 'z', '503'],
    ]);
    expect((file.rows[0]!.value as Record<string, unknown>).carrier).toBe('Acme, Inc');
  });

  it('refuses a file whose header lacks a required column, naming each', () => {
    expect(() => readCdrCsv(csv(['id,carrier,number,start,end', '1,Acme,+14155550100,x,y']))).toThrow('the header row has no call id column (call_id, uuid or Call-ID), no SIP code column (sip_code, code or hangup code);');
    expect(() => readCdrCsv(Buffer.from('\n\n'))).toThrow(UserError);
  });
});
