// `calls import <file>` through the console: a CDR CSV goes through the call-event pipeline; bad rows are listed by
// line with their reasons and skipped, the good ones stored and counted; importing again changes nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asReply, createHarness, type Harness } from '../helpers/harness.ts';

let h: Harness;
const dir = mkdtempSync(join(tmpdir(), 'calls-import-'));
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

beforeAll(async () => {
  h = await createHarness({}, { now: () => new Date('2026-05-01T12:00:00Z') });
  await h.script(['carrier add name=Acme sip_address=sip.acme.example', 'carrier add name="Beta Telecom" sip_address=sip.beta.example']);
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

const CDR = [
  'Call-ID;Trunk;Destination;Direction;Hangup Code;Start;Answer;End',
  'cdr-1;Acme;+1 415 555 0100;outbound;200;2026-05-01 10:00:00;2026-05-01 10:00:05;2026-05-01 10:01:05',
  'cdr-2;Acme;+14155550101;outbound;503;2026-05-01 10:02:00;;2026-05-01 10:02:10',
  'cdr-3;beta telecom;+14155550102;;486;2026-05-01 10:03:00;;2026-05-01 10:03:20',
  'cdr-4;Acme;+14155550103;outbound;abc;2026-05-01 10:04:00;;2026-05-01 10:04:10',
  'cdr-5;Gone Carrier;+14155550104;outbound;503;2026-05-01 10:05:00;;2026-05-01 10:05:10',
  '',
  ';Acme;+14155550105;outbound;503;2026-05-01 10:06:00;;2026-05-01 10:05:10',
  'cdr-7;Acme;+14155550106;outbound;;2026-05-01 10:07:00;;2026-05-01 10:07:30',
].join('\n');

describe('calls import', () => {
  it('imports the good rows, lists the bad ones by line with their reasons, and names unknown carriers', async () => {
    const { output, result } = await h.script([`calls import ${file('cdr.csv', CDR)}`]);
    expect(result.failed).toBe(0);
    expect(output).toContain('4 calls imported from cdr.csv (3 rows refused).');
    expect(output).toMatch(/5\s+cdr-4\s+sip_code: use the final SIP response code/);
    expect(output).toMatch(/6\s+cdr-5\s+carrier: no carrier has the id, name or LiveKit trunk id "Gone Carrier"/);
    expect(output).toMatch(/8\s+—\s+call_id: required: the call id \(unique per call\); ended_at: is before started_at/);
    expect(output).toContain('No carrier matches "Gone Carrier" (1 row): add it (`carrier add`) or fix the carrier column, then import the file again.');
    const rows = await h.db.query("select call_id, sip_code, outcome, source, number, direction from call_events where call_id like 'cdr-%' order by call_id");
    expect(rows).toEqual([
      { call_id: 'cdr-1', sip_code: 200, outcome: 'answered', source: 'import', number: '+14155550100', direction: 'outbound' },
      { call_id: 'cdr-2', sip_code: 503, outcome: 'failed', source: 'import', number: '+14155550101', direction: 'outbound' },
      { call_id: 'cdr-3', sip_code: 486, outcome: 'rejected', source: 'import', number: '+14155550102', direction: 'outbound' },
      { call_id: 'cdr-7', sip_code: null, outcome: 'failed', source: 'import', number: '+14155550106', direction: 'outbound' },
    ]);
    const [acme] = await h.db.query("select consecutive_failures, attempts::int as attempts from carrier_health h join carriers c on c.id = h.carrier_id where c.name = 'Acme'");
    expect(acme).toEqual({ consecutive_failures: 2, attempts: 2 });
    const [stats] = await h.db.query("select attempts, answered, billed_seconds::int as billed from carrier_stats_hourly s join carriers c on c.id = s.carrier_id where c.name = 'Acme'");
    expect(stats).toEqual({ attempts: 3, answered: 1, billed: 60 });
    const audit = await h.db.query("select action, entity_name, after from audit_log where action = 'calls.import'");
    expect(audit).toEqual([{ action: 'calls.import', entity_name: 'cdr.csv', after: { file: 'cdr.csv', rows: 7, accepted: 4, duplicates: 0, rejected: 3 } }]);
  });

  it('importing the same file again changes nothing', async () => {
    const before = await h.db.query('select * from carrier_health order by carrier_id');
    const { output } = await h.script([`calls import file=${file('again.csv.gz', gzipSync(CDR))}`]);
    expect(output).toContain('0 calls imported from again.csv (4 calls already stored, 3 rows refused).');
    expect(await h.db.query('select * from carrier_health order by carrier_id')).toEqual(before);
  });

  it('dry_run=yes shows what would be imported and saves nothing', async () => {
    const p = file('dry.csv', 'call_id,carrier,number,sip_code,started_at,ended_at\ndry-1,Acme,+14155550100,503,2026-05-01T11:00:00Z,2026-05-01T11:00:30Z\n');
    const { output } = await h.script([`calls import ${p} dry_run=yes`]);
    expect(output).toContain('Dry run: dry.csv');
    expect(output).toContain('1 call would be imported from dry.csv. Nothing was saved.');
    expect(await h.db.query("select * from call_events where call_id = 'dry-1'")).toEqual([]);
  });

  it('refuses a file whose header lacks a required column, and a viewer', async () => {
    const { output, result } = await h.script([`calls import ${file('bad.csv', 'id,carrier,number\n1,Acme,+14155550100\n')}`]);
    expect(result.failed).toBe(1);
    expect(output).toContain('the header row has no call id column (call_id, uuid or Call-ID)');
    await h.script(['access grant principal=slack:UVIEW role=viewer']);
    const r = asReply(await h.as('slack:UVIEW', ['calls', 'import'], {}, { attachments: { file: { name: 'x.csv', data: Buffer.from(CDR) } } }));
    expect(r.text).toContain('`calls import` needs the operator role; you are viewer.');
  });
});
