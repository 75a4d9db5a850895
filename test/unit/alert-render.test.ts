// The alert message as a neutral reply: evidence read from what the checks record, buttons by state, the storm
// digest, thread lines.
import { describe, expect, it } from 'vitest';
import { historyLine, readEvidence, renderAlert, renderStormDigest, threadName } from '../../src/alerts/render.ts';
import type { AlertSnapshot } from '../../src/core/alerts/delivery-ports.ts';

const opened = new Date('2026-11-21T10:00:00Z');
const alert = (over: Partial<AlertSnapshot> = {}): AlertSnapshot => ({
  id: '6f1c2a8e-0000-4000-8000-000000000001',
  key: 'consecutive_failures:c1',
  kind: 'consecutive_failures',
  carrierId: 'c1',
  carrierName: 'Acme',
  severity: 'critical',
  state: 'open',
  title: 'Acme: consecutive failures',
  evidence: {
    summary: '12 consecutive failures to 4 numbers',
    step: 2,
    consecutiveFailures: 12,
    threshold: 10,
    codes: { '503': 9, '0': 3 },
    lastCalls: [{ callId: 'abc@sbc', code: 503, number: '+14155550100', at: '2026-11-21T10:01:00Z' }],
  },
  openedAt: opened,
  updatedAt: opened,
  resolvedAt: null,
  resolvedBy: null,
  ackedAt: null,
  ackedBy: null,
  snoozedUntil: null,
  snoozedBy: null,
  flaps: 0,
  version: 1,
  ...over,
});
const labels = (a: AlertSnapshot, snoozeForm = false) => (renderAlert(a, { snoozeForm }).buttons ?? []).map((b) => b.label);

describe('renderAlert', () => {
  it('shows the summary, the counts as fields, the code histogram and the last calls', () => {
    const r = renderAlert(alert());
    expect(r.ephemeral).toBe(false);
    expect(r.tone).toBe('error');
    expect(r.title).toBe('🔴 Acme: consecutive failures');
    expect(r.text).toBe('12 consecutive failures to 4 numbers');
    expect(r.fields).toEqual(
      expect.arrayContaining([
        { label: 'Carrier', value: 'Acme', inline: true },
        { label: 'Check', value: 'Consecutive failures', inline: true },
        { label: 'Consecutive failures', value: '12', inline: true },
        { label: 'SIP codes', value: '503 × 9 · no answer × 3', inline: false },
      ]),
    );
    expect(r.fields!.map((f) => f.label)).not.toContain('Step');
    expect(r.table).toMatchObject({ columns: ['Last calls', 'Code', 'Number', 'When'], rows: [['abc@sbc', '503', '+14155550100', expect.stringContaining('time:')]] });
  });

  it('offers Ack and the snoozes while open, Ack and snoozes while snoozed, neither once acked, only Show carrier once resolved', () => {
    expect(labels(alert())).toEqual(['Ack', 'Snooze 30m', 'Snooze 1h', 'Snooze 4h', 'Snooze 24h', 'Show carrier']);
    expect(labels(alert(), true)).toContain('Snooze…');
    expect(labels(alert({ state: 'snoozed', snoozedBy: 'sam', snoozedUntil: new Date('2026-11-21T11:00:00Z') }))[0]).toBe('Ack');
    expect(labels(alert({ state: 'acked', ackedBy: 'sam', ackedAt: opened }))).toEqual(['Show carrier']);
    expect(labels(alert({ state: 'resolved', resolvedAt: new Date('2026-11-21T10:42:00Z') }))).toEqual(['Show carrier']);
    expect(labels(alert({ kind: 'sync' }))).toContain('Sync now');
    expect(renderAlert(alert()).buttons![0]!.action).toEqual({ path: ['alert', 'ack'], args: { alert: alert().id } });
    expect(renderAlert(alert()).buttons![2]!.action).toEqual({ path: ['alert', 'snooze'], args: { alert: alert().id, duration: '1h' } });
  });

  it('says who acknowledged, until when it is snoozed, and how long it lasted once resolved', () => {
    expect(renderAlert(alert({ state: 'acked', ackedBy: 'sam', ackedAt: opened })).banner!.text).toMatch(/^Acknowledged by sam/);
    expect(renderAlert(alert({ state: 'snoozed', snoozedBy: 'sam', snoozedUntil: opened })).banner!.text).toMatch(/^Snoozed by sam until/);
    const resolved = renderAlert(alert({ state: 'resolved', resolvedBy: 'trunkops', resolvedAt: new Date('2026-11-21T10:42:00Z') }));
    expect(resolved.title).toBe('✅ Acme: consecutive failures');
    expect(resolved.tone).toBe('ok');
    expect(resolved.banner!.text).toMatch(/by trunkops after 42 min$/);
  });

  it('reads histograms given as lists and calls under other names, and ignores what it cannot show', () => {
    const ev = readEvidence({ histogram: [{ code: 404, count: 2 }, { code: 200, count: 5 }], recent_calls: [{ call_id: 'x', sip_code: 404 }], nested: { a: 1 }, flag: true, missing: null });
    expect(ev.codes).toEqual([['200', 5], ['404', 2]]);
    expect(ev.calls).toEqual([{ callId: 'x', code: '404' }]);
    expect(ev.scalars).toEqual([['Flag', 'yes']]);
  });
});

describe('renderStormDigest', () => {
  it('lists every incident with its state, counts them, and gives a Show button per open one', () => {
    const list = [alert(), alert({ id: 'b', carrierName: 'Beta', state: 'resolved' }), alert({ id: 'c', carrierName: 'Gamma', severity: 'warning' })];
    const r = renderStormDigest(list, { alertShow: true, snoozeForm: false });
    expect(r.title).toBe('🌩️ Alert storm: 3 incidents opened within a minute');
    expect(r.banner!.text).toBe('2 open · 1 resolved');
    expect(r.table!.rows.map((row) => row[0])).toEqual(['open', 'open', 'resolved']);
    expect(r.buttons!.map((b) => [b.label, b.action.path.join(' ')])).toEqual([
      ['Show Acme', 'alert show'],
      ['Show Gamma', 'alert show'],
    ]);
  });
});

describe('thread lines', () => {
  it('name who did it, and when only if posted late', () => {
    const now = new Date('2026-11-21T10:00:30Z');
    expect(historyLine({ id: 1, at: new Date('2026-11-21T10:00:00Z'), text: 'Acknowledged', actor: 'sam' }, now)).toBe('Acknowledged — sam');
    expect(historyLine({ id: 2, at: new Date('2026-11-21T09:00:00Z'), text: 'Opened', actor: null }, now, 'Acme')).toMatch(/^Acme: Opened \(.*time:/);
    expect(threadName('x'.repeat(150))).toHaveLength(100);
  });
});
