// Carriers and numbers end to end through Slack: slash command → modal → field errors → corrected
// submission → reply; card buttons; confirm → delete; dependent fields; type-ahead; role refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    expect(headers).toEqual(['Connection', 'Authentication', 'Pacing', 'Routing and account', 'Health checks']);
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

describe('Slack: carrier card buttons', () => {
  it('Edit opens the same form prefilled, with the password empty and "Password unchanged"; saving keeps the password', async () => {
    const show = await s.slash(ADMIN, '/carrier', 'show Acme');
    const card = await show.answer();
    expect(card.body.response_type).toBe('ephemeral');
    const b = buttons(card.body.blocks);
    expect(Object.keys(b)).toEqual(['Edit', 'Add number', 'Delete']);
    const edit = await s.click(ADMIN, b.Edit!);
    const view = await edit.view();
    const inputs = inputBlocks(view);
    expect(inputs.name!.element).toMatchObject({ initial_value: 'Acme' });
    expect(inputs.password!.element).not.toHaveProperty('initial_value');
    expect(JSON.stringify(inputs.password!.hint)).toContain('Password unchanged');
    expect(JSON.parse(String(view.private_metadata))).toMatchObject({ p: ['carrier', 'edit'], c: { version: '1' } });

    const saved = await s.submit(ADMIN, view, { cps: '5' });
    expect(saved.text).toBe('');
    const answer = await edit.answer();
    expect(blockText(answer.body.blocks)).toContain('cps changed');
    const c = await s.h.app.store.carriers.findByName('Acme');
    expect(c?.cps).toBe(5);
    expect(c?.passwordEnc).toBeTruthy();

    // The form opened at version 1 cannot overwrite the newer carrier: the modal stays open with the reason on top.
    const stale = await s.submit(ADMIN, view, { cps: '7', password: 'Typed-Secret-9' });
    expect(stale.text).not.toContain('Typed-Secret-9');
    const updated = JSON.parse(stale.text) as { response_action: string; view: { blocks: { block_id?: string; text?: { text: string } }[] } };
    expect(updated.response_action).toBe('update');
    expect(updated.view.blocks[0]!.text!.text).toMatch(/changed .* since|someone else/i);
    expect((await s.h.app.store.carriers.findByName('Acme'))?.cps).toBe(5);
  });

  it('Delete asks with Slack\'s confirm dialog; confirming deletes and replaces the question; Cancel changes nothing', async () => {
    await s.h.script(['carrier add name=Doomed sip_address=sip.doomed.example', 'did add carrier=Doomed number=+14155550199']);
    const show = await s.slash(ADMIN, '/carrier', 'show Doomed');
    const del = await s.click(ADMIN, buttons((await show.answer()).body.blocks).Delete!);
    const question = await del.answer();
    expect(question.body.response_type).toBe('ephemeral');
    const qb = buttons(question.body.blocks);
    expect(qb['Delete carrier']).toMatchObject({ style: 'danger', confirm: { style: 'danger', title: { text: 'Delete carrier Doomed?' } } });
    expect(blockText(question.body.blocks)).toContain('+14155550199');

    const cancel = await s.click(ADMIN, qb.Cancel!, { responseUrl: del.responseUrl });
    expect((await cancel.answer(1)).body).toMatchObject({ replace_original: true });
    expect(await s.h.app.store.carriers.findByName('Doomed')).toBeTruthy();

    const confirm = await s.click(ADMIN, qb['Delete carrier']!, { responseUrl: del.responseUrl });
    const done = await confirm.answer(2);
    expect(done.body.replace_original).toBe(true);
    expect(blockText(done.body.blocks)).toContain('Carrier \\"Doomed\\" deleted, with 1 phone number.');
    expect(await s.h.app.store.carriers.findByName('Doomed')).toBeNull();
  });

  it('refuses a viewer who tries to delete, privately, naming the role', async () => {
    await s.h.script(['access grant principal=slack:U0VIEWER role=viewer']);
    const run = await s.slash('U0VIEWER', '/carrier', 'delete Acme confirm=yes');
    const answer = await run.answer();
    expect(answer.body.response_type).toBe('ephemeral');
    expect(blockText(answer.body.blocks)).toContain('needs the admin role; you are viewer');
    expect(await s.h.app.store.carriers.findByName('Acme')).toBeTruthy();
    const stranger = await (await s.slash('U0NOBODY', '/carrier', 'list')).answer();
    expect(blockText(stranger.body.blocks)).toContain('no trunkops role yet');
  });
});

describe('Slack: the DID form', () => {
  it('hides the bot picker for outbound numbers (views.update) and shows it again for inbound', async () => {
    await s.h.script(['bot add name=Receptionist agent_name=receptionist-agent']);
    const run = await s.slash(ADMIN, '/did', 'add carrier=Acme');
    const view = await run.view();
    const inputs = inputBlocks(view);
    expect(inputs.direction).toMatchObject({ dispatch_action: true });
    expect(inputs.carrier!.element).toMatchObject({ type: 'external_select', action_id: 'pick:carrier', initial_option: { value: 'Acme' } });
    expect(inputs.bot).toBeDefined();

    const { fillView, blockAction } = await import('../fakes/slack-requests.ts');
    const before = s.fake.viewLog.length;
    const refresh = async (direction: string) => {
      const n = s.fake.viewLog.length;
      const current = await s.openedView(n - 1);
      await s.interact({ ...blockAction({ user: ADMIN, actionId: 'refresh', triggerId: s.fake.trigger(), view: fillView(current, { number: '+1 415 555 0100', direction }) }) });
      return s.openedView(n);
    };
    const outbound = await refresh('outbound');
    expect(s.fake.viewLog.length).toBe(before + 1);
    expect(inputBlocks(outbound).bot).toBeUndefined();
    expect(inputBlocks(outbound).number!.element).toMatchObject({ initial_value: '+1 415 555 0100' });
    const inbound = await refresh('inbound');
    expect(inputBlocks(inbound).bot).toBeDefined();

    const saved = await s.submit(ADMIN, inbound, { number: '+1 415 555 0100', direction: 'inbound', bot: 'Receptionist' });
    expect(saved.text).toBe('');
    expect(blockText((await run.answer()).body.blocks)).toContain('Receptionist');
    const did = await s.h.app.store.dids.findByNormalized('+14155550100');
    expect(did).toMatchObject({ direction: 'inbound', botName: 'Receptionist' });
  });

  it('offers carriers and bots as the user types (external select options)', async () => {
    const run = await s.slash(ADMIN, '/did', 'add');
    const view = await run.view();
    const carriers = await s.interact(blockSuggestion({ user: ADMIN, actionId: 'pick:carrier', blockId: 'carrier', value: 'ac', view }));
    expect(JSON.parse(carriers.text)).toEqual({ options: [{ text: { type: 'plain_text', text: 'Acme' }, value: 'Acme' }] });
    const bots = await s.interact(blockSuggestion({ user: ADMIN, actionId: 'pick:bot', blockId: 'bot', value: 'rec', view }));
    expect(JSON.parse(bots.text).options.map((o: { value: string }) => o.value)).toEqual(['Receptionist']);
    const stranger = await s.interact(blockSuggestion({ user: 'U0NOBODY', actionId: 'pick:carrier', blockId: 'carrier', value: '', view }));
    expect(JSON.parse(stranger.text)).toEqual({ options: [] });
  });

  it('says so when the trigger expired before the form could open', async () => {
    const run = await s.slash(ADMIN, '/did', 'add', { triggerAgeMs: 4000 });
    expect(blockText((await run.answer()).body.blocks)).toContain('could not open in time');
  });
});
