// The Slack translation layer on its own: text in and out, Block Kit within Slack's limits, modals and their
// state, button values, progress debouncing, and the manifest (snapshot: it must change with the commands).
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { Form } from '../../src/core/runtime/reply.ts';
import { timeToken } from '../../src/core/runtime/time.ts';
import { decodeAction, encodeAction, LIMITS, replyToMessage } from '../../src/slack/blocks.ts';
import { buildManifest } from '../../src/slack/manifest.ts';
import { decodeMeta, encodeMeta, formToModal, issuesToErrors, readViewState } from '../../src/slack/modal.ts';
import { escapeMrkdwn, mrkdwn, slackText } from '../../src/slack/mrkdwn.ts';
import { createProgress } from '../../src/core/runtime/progress.ts';
import { checkBlocks } from '../fakes/slack.ts';

describe('text from Slack', () => {
  it.each([
    ['carrier add name=\u201cBig Co\u201d', 'carrier add name="Big Co"'],
    ['note=\u2018it\u2019s\u2019', "note='it's'"],
    ['name=A&amp;B x=&lt;y&gt;', 'name=A&B x=<y>'],
    ['principal=<@U0123|alice smith>', 'principal=<@U0123>'],
    ['principal=<!subteam^S0NOC|@noc team>', 'principal=<!subteam^S0NOC>'],
    ['sip_address=<http://sip.acme.com|sip.acme.com>', 'sip_address=sip.acme.com'],
    ['email=<mailto:jo@acme.com|jo@acme.com>', 'email=jo@acme.com'],
    ['url=<https://x.example/a>', 'url=https://x.example/a'],
  ])('%s', (input, expected) => expect(slackText(input)).toBe(expected));
});

describe('text to Slack', () => {
  it('escapes control characters and renders times for each reader', () => {
    expect(escapeMrkdwn('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
    const t = new Date('2026-11-21T10:00:00Z');
    expect(mrkdwn(`synced ${timeToken(t)}`)).toBe('synced <!date^1795255200^{ago}|2026-11-21 10:00 UTC>');
    expect(mrkdwn(timeToken(t, 'full'))).toBe('<!date^1795255200^{date_short_pretty} {time}|2026-11-21 10:00 UTC>');
  });
});

describe('replies as Block Kit', () => {
  it('keeps a 2000-row list within 50 blocks and says how many rows it shows', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => [`carrier-${i}`, `sip${i}.example.com:5060`, 'Password', String(i)]);
    const msg = replyToMessage({ type: 'reply', ephemeral: true, title: 'Carriers (2000)', table: { columns: ['Name', 'SIP address', 'Auth', 'DIDs'], rows }, buttons: [{ label: 'Add carrier', action: { path: ['carrier', 'add'], args: {} } }] });
    expect(checkBlocks(msg.blocks, LIMITS.messageBlocks)).toBeUndefined();
    expect(msg.blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
    expect(JSON.stringify(msg.blocks).length).toBeLessThan(20_000);
    const note = JSON.stringify(msg.blocks.at(-2));
    const shown = Number(/Showing (\d+) of 2000 rows/.exec(note)?.[1]);
    expect(shown).toBeGreaterThan(100);
    const codeRows = msg.blocks.filter((b) => JSON.stringify(b).includes('```')).reduce((n, b) => n + ((b.text as { text: string }).text.match(/carrier-\d+/g) ?? []).length, 0);
    expect(codeRows).toBe(shown);
    expect(msg.blocks.at(-1)).toMatchObject({ type: 'actions' });
  });

  it('groups inline fields ten to a section and puts long ones on their own', () => {
    const fields = Array.from({ length: 12 }, (_, i) => ({ label: `F${i}`, value: 'v', inline: true }));
    const msg = replyToMessage({ type: 'reply', ephemeral: false, fields: [...fields, { label: 'Notes', value: 'x'.repeat(2500), inline: false }] });
    expect(msg.blocks.map((b) => (b.fields as unknown[] | undefined)?.length ?? 'text')).toEqual([10, 2, 'text']);
    expect(checkBlocks(msg.blocks, 50)).toBeUndefined();
  });

  it('round-trips button actions and rejects tampered values', () => {
    const ref = { path: ['carrier', 'delete'], args: { carrier: 'Acme', confirm: 'yes' } };
    expect(decodeAction(encodeAction(ref))).toEqual(ref);
    expect(decodeAction('{"p":"carrier","a":{}}')).toBeNull();
    expect(decodeAction('{"p":["x"],"a":{"n":1}}')).toBeNull();
    expect(decodeAction('not json')).toBeNull();
    expect(() => encodeAction({ path: ['x'], args: { v: 'a'.repeat(2100) } })).toThrow(/Slack allows 2000/);
  });
});

describe('forms as modals', () => {
  const form: Form = {
    title: 'Edit a carrier with a very long name',
    submitLabel: 'Save',
    path: ['carrier', 'edit'],
    sections: [{ id: 'auth', title: 'Authentication' }],
    fields: [
      { name: 'number', label: 'Number', type: 'text', required: true, readOnly: true, value: '+14155550100' },
      { name: 'direction', label: 'Direction', type: 'select', required: false, value: 'both', choices: [{ value: 'both', label: 'Both' }, { value: 'outbound', label: 'Outbound' }] },
      { name: 'bot', label: 'Bot', type: 'picker', picker: 'bot', required: false, showWhen: { field: 'direction', in: ['both', 'inbound'] } },
      { name: 'password', label: 'Password', type: 'secret', required: false, section: 'auth', hint: 'Password unchanged: leave blank to keep it.' },
      { name: 'allowed_ips', label: 'Allowed IPs', type: 'list', required: false, section: 'auth', value: '10.0.0.1' },
    ],
    context: { carrier: 'id-1', version: '3' },
  };

  it('builds a modal Slack accepts: clipped title, read-only as text, dependent field shown or hidden', () => {
    const view = formToModal(form, { p: form.path, c: form.context, ch: 'C0NOC' });
    expect(view.title.text).toHaveLength(24);
    expect(view.blocks.map((b) => `${b.type}:${b.block_id ?? ''}`)).toEqual(['section:number', 'input:direction', 'input:bot', 'header:', 'input:password', 'input:allowed_ips']);
    expect(view.blocks[1]).toMatchObject({ dispatch_action: true, element: { action_id: 'refresh' } });
    expect(JSON.stringify(view.blocks[4])).toContain('Password unchanged');
    expect(view.blocks[4]!.element).not.toHaveProperty('initial_value');
    const outbound = formToModal(form, { p: form.path, c: form.context }, { typed: { direction: 'outbound' } });
    expect(outbound.blocks.some((b) => b.block_id === 'bot')).toBe(false);
    expect(decodeMeta(view.private_metadata)).toEqual({ p: form.path, c: form.context, ch: 'C0NOC' });
  });

  it('drops the response_url before the context would overflow private_metadata', () => {
    const meta = { p: ['x'], c: { a: 'b'.repeat(2900) }, ru: `https://hooks.slack.com/${'r'.repeat(200)}` };
    expect(decodeMeta(encodeMeta(meta))).toEqual({ p: ['x'], c: meta.c });
    expect(() => encodeMeta({ p: ['x'], c: { a: 'b'.repeat(3100) } })).toThrow(/private_metadata/);
  });

  it('reads state back: emptied fields as blank, selects by value, lists joined, files apart', () => {
    const state = {
      values: {
        name: { value: { type: 'plain_text_input', value: null } },
        direction: { refresh: { type: 'static_select', selected_option: { value: 'outbound' } } },
        carrier: { 'pick:carrier': { type: 'external_select', selected_option: null } },
        allowed_ips: { list: { type: 'plain_text_input', value: '10.0.0.1\n 10.0.0.0/24 \n' } },
        file: { file: { type: 'file_input', files: [{ id: 'F1', name: 'a.csv' }] } },
      },
    };
    expect(readViewState(state as never)).toEqual({
      values: { name: '', direction: 'outbound', carrier: '', allowed_ips: '10.0.0.1, 10.0.0.0/24' },
      files: { file: [{ id: 'F1', name: 'a.csv' }] },
    });
  });

  it('puts errors on fields, or says none can hold them', () => {
    const view = formToModal(form, { p: form.path, c: {} });
    expect(issuesToErrors([{ field: 'password', label: 'Password', message: 'too short' }, { field: 'password', label: 'Password', message: 'has spaces' }], view)).toEqual({ password: 'too short; has spaces' });
    expect(issuesToErrors([{ field: 'number', label: 'Number', message: 'x' }], view)).toBeNull();
  });
});

describe('progress', () => {
  it('sends the first at once, then at most one per interval with the latest text, and nothing after close', async () => {
    const sent: string[] = [];
    const p = createProgress(async (t) => void sent.push(t), { intervalMs: 100, maxSends: 5 });
    p.push('1');
    p.push('2');
    p.push('3');
    await new Promise((r) => setImmediate(r));
    expect(sent).toEqual(['1']);
    await new Promise((r) => setTimeout(r, 150));
    expect(sent).toEqual(['1', '3']);
    p.push('4');
    expect(await p.close()).toBe(true);
    await new Promise((r) => setTimeout(r, 150));
    expect(sent).toEqual(['1', '3']);
  });

  it('stops at maxSends', async () => {
    const sent: string[] = [];
    const p = createProgress(async (t) => void sent.push(t), { intervalMs: 0, maxSends: 2 });
    for (const t of ['a', 'b', 'c', 'd']) {
      p.push(t);
      await new Promise((r) => setTimeout(r, 5));
    }
    await p.close();
    expect(sent).toEqual(['a', 'b']);
  });
});

describe('the Slack app manifest', () => {
  it('has one slash command per top-level command and matches the committed manifest', async () => {
    const manifest = buildManifest(commands) as { features: { slash_commands: { command: string }[] }; settings: { socket_mode_enabled: boolean } };
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(commands.map((c) => `/${c.name}`));
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    await expect(`${JSON.stringify(manifest, null, 2)}\n`).toMatchFileSnapshot('./__snapshots__/slack-manifest.json');
  });

  it('points every request URL at /slack/events in HTTP mode', () => {
    const m = JSON.stringify(buildManifest(commands, { url: 'https://bot.example.com/', prefix: 'trunk-' }));
    expect(m).toContain('"command":"/trunk-carrier"');
    expect(m.match(/https:\/\/bot\.example\.com\/slack\/events/g)?.length).toBe(commands.length + 3);
    expect(m).toContain('"socket_mode_enabled":false');
  });
});
