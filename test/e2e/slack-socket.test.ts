// Socket Mode: the real Bolt app opens apps.connections.open with the app token, connects to the fake's
// websocket, receives envelopes and acks them over the socket (a modal's field errors ride in the ack).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_TOKEN } from '../fakes/slack.ts';
import { fillView, viewSubmission } from '../fakes/slack-requests.ts';
import { ADMIN, blockText, createSlackHarness, type SlackHarness } from '../helpers/slack.ts';

let s: SlackHarness;
beforeAll(async () => {
  s = await createSlackHarness({ socket: true });
  await s.fake.waitFor(() => s.fake.socketConnected);
});
afterAll(async () => {
  await s?.close();
});

describe('Slack Socket Mode', () => {
  it('connects with the app token and needs no inbound route', () => {
    expect(s.adapter.mode).toBe('socket');
    expect(s.adapter.routes).toEqual({});
    expect(s.fake.callsOf('apps.connections.open')[0]!.auth).toBe(`Bearer ${APP_TOKEN}`);
  });

  it('acks a slash command envelope over the socket and answers through the response_url', async () => {
    const responseUrl = s.fake.responseUrl();
    s.fake.socketSend({
      envelope_id: 'env-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: { command: '/carrier', text: 'list', user_id: ADMIN, user_name: 'admin', channel_id: 'C0NOC', team_id: 'T0TEAM', response_url: responseUrl, trigger_id: s.fake.trigger(), api_app_id: 'A0APP' },
    });
    const ack = await s.fake.waitFor(() => s.fake.socketAcks.find((a) => a.envelope_id === 'env-1'));
    expect(ack).toEqual({ envelope_id: 'env-1', payload: {} });
    const answer = await s.answer(responseUrl);
    expect(blockText(answer.body.blocks)).toContain('No carriers yet');
  });

  it('returns field errors in the ack of a view submission, then saves the corrected one', async () => {
    s.fake.socketSend({
      envelope_id: 'env-2',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: { command: '/did', text: 'add carrier=Acme', user_id: ADMIN, user_name: 'admin', channel_id: 'C0NOC', team_id: 'T0TEAM', response_url: s.fake.responseUrl(), trigger_id: s.fake.trigger(), api_app_id: 'A0APP' },
    });
    await s.h.script(['carrier add name=Acme sip_address=sip.acme.example']);
    const view = await s.openedView(0);
    s.fake.socketSend({ envelope_id: 'env-3', type: 'interactive', accepts_response_payload: true, payload: viewSubmission({ user: ADMIN, view: fillView(view, { number: '+1 (415) 555' }) }) });
    const bad = await s.fake.waitFor(() => s.fake.socketAcks.find((a) => a.envelope_id === 'env-3'));
    expect(bad.payload).toMatchObject({ response_action: 'errors', errors: { number: expect.stringContaining('digits') } });
    s.fake.socketSend({ envelope_id: 'env-4', type: 'interactive', accepts_response_payload: true, payload: viewSubmission({ user: ADMIN, view: fillView(view, { number: '+14155550100' }) }) });
    const good = await s.fake.waitFor(() => s.fake.socketAcks.find((a) => a.envelope_id === 'env-4'));
    expect(good.payload ?? {}).toEqual({});
    await vi.waitFor(async () => expect(await s.h.app.store.dids.findByNormalized('+14155550100')).toMatchObject({ carrierName: 'Acme' }));
  });
});
