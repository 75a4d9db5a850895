// Carriers and numbers end to end through Slack: slash command → modal → field errors → corrected
// submission → reply; card buttons; confirm → delete; dependent fields; type-ahead; role refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN } from '../fakes/slack.ts';
import { blockSuggestion } from '../fakes/slack-requests.ts';
import { ADMIN, blockText, buttons, createSlackHarness, inputBlocks, type SlackHarness } from '../helpers/slack.ts';

let s: SlackHarness;
beforeAll(async () => {
  s = await createSlackHarness();
});
afterAll(async () => {
  await s?.close();
});

describe('Slack: signatures', () => {
  it('refuses a bad signature and a stale timestamp with 401, and runs nothing', async () => {
    const { postSigned, slashBody } = await import('../fakes/slack-requests.ts');
    const body = slashBody({ command: '/carrier', text: 'list', user: ADMIN, responseUrl: s.fake.responseUrl(), triggerId: s.fake.trigger() });
    const bad = await postSigned(s.eventsUrl, body, { signature: 'v0=' + '0'.repeat(64) });
    const stale = await postSigned(s.eventsUrl, body, { ts: Math.floor(Date.now() / 1000) - 301 });
    expect([bad.status, stale.status]).toEqual([401, 401]);
    await new Promise((r) => setTimeout(r, 200));
    expect(s.fake.responses).toHaveLength(0);
    const good = await postSigned(s.eventsUrl, body);
    expect(good.status).toBe(200);
  });
});

describe('Slack: carrier add through a modal', () => {
  it('opens the grouped form, keeps it open with errors on the fields, then saves and answers in the channel', async () => {
    const run = await s.slash(ADMIN, '/carrier', 'add');
    expect(run.ack.status).toBe(200);
    expect(run.ack.text).toBe('');
    const view = await run.view();
    const headers = (view.blocks as { type: string; text?: { text: string } }[]).filter((b) => b.type === 'header').map((b) => b.text!.text);
    expect(headers).toEqual(['Connection', 'Authentication', 'Pacing', 'Routing and account']);
    const inputs = inputBlocks(view);
    expect(inputs.transport!.element).toMatchObject({ type: 'static_select', initial_option: { value: 'auto' } });
    expect(inputs.cps!.element).toMatchObject({ type: 'number_input', initial_value: '1' });
    expect(inputs.password!.element).not.toHaveProperty('initial_value');
    expect(JSON.stringify(inputs.password!.hint)).toContain('stored encrypted and never shown again');

    const bad = await s.submit(ADMIN, view, { name: 'Acme', sip_address: 'sip:bad host', cps: '500' });
    expect(bad.status).toBe(200);
    const errors = JSON.parse(bad.text) as { response_action: string; errors: Record<string, string> };
    expect(errors.response_action).toBe('errors');
    expect(Object.keys(errors.errors).sort()).toEqual(['cps', 'sip_address']);
    expect(errors.errors.cps).toMatch(/0\.1 to 100/);
    expect(await s.h.app.store.carriers.list()).toHaveLength(0);

    const good = await s.submit(ADMIN, view, { name: 'Acme', sip_address: 'sip.acme.example:5060', username: 'acme-user', password: 's3cret-Pass' });
    expect(good.status).toBe(200);
    expect(good.text).toBe('');
    const answer = await run.answer();
    expect(answer.body.response_type).toBe('in_channel');
    expect(blockText(answer.body.blocks)).toContain('Carrier \\"Acme\\" created.');
    expect(blockText(answer.body.blocks)).toContain('••••••••');
    expect(JSON.stringify([s.fake.calls, s.fake.responses])).not.toContain('s3cret-Pass');
    expect(s.h.logs.join('')).not.toContain('s3cret-Pass');
  });
});
