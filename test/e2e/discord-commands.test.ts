// Discord end to end: the real discord.js client against the fake Discord — registration from the specs, slash
// commands answered with embeds (private when they show configuration), autocomplete from the database,
// confirmations, role grants for Discord roles, and refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { loadConfig } from '../../src/config.ts';
import { toDiscordCommands } from '../../src/discord/commands.ts';
import { createRest, registerCommands } from '../../src/discord/register.ts';
import { APP_ID, GUILD_ID, OTHER_GUILD_ID } from '../fakes/discord.ts';
import { member } from '../fakes/discord-payloads.ts';
import { buttonLabels, createDiscordHarness, messageText, STRANGER_ID, SUPPORT_ROLE, type DiscordHarness } from '../helpers/discord.ts';

let d: DiscordHarness;
beforeAll(async () => {
  d = await createDiscordHarness();
});
afterAll(async () => {
  await d?.close();
});

const EPHEMERAL = 64;

describe('Discord: registration', () => {
  it('registers every command from the specs in the configured server, with typed options and permissions', () => {
    const registered = d.fake.commands.get(GUILD_ID)!;
    expect(registered.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    const carrier = registered.find((c) => c.name === 'carrier');
    expect(carrier.default_member_permissions).toBeNull();
    expect(carrier.contexts).toEqual([0]);
    const add = carrier.options.find((o: { name: string }) => o.name === 'add');
    // `/carrier add` alone opens the form, so even name and SIP address are optional for Discord.
    expect(add.options.slice(0, 2).map((o: { name: string; required: boolean }) => [o.name, o.required])).toEqual([['name', false], ['sip_address', false]]);
    expect(add.options.find((o: { name: string }) => o.name === 'transport').choices.map((c: { value: string }) => c.value)).toEqual(['auto', 'udp', 'tcp', 'tls']);
    expect(add.options.find((o: { name: string }) => o.name === 'cps').type).toBe(10);
    // Passwords are typed in the form only, never as a visible slash-command option.
    expect(add.options.some((o: { name: string }) => o.name === 'password')).toBe(false);
    const show = carrier.options.find((o: { name: string }) => o.name === 'show');
    expect(show.options[0]).toMatchObject({ name: 'carrier', type: 3, required: true, autocomplete: true });
    const contacts = carrier.options.find((o: { name: string }) => o.name === 'contacts');
    expect(contacts.type).toBe(2);
    const imp = registered.find((c) => c.name === 'did').options.find((o: { name: string }) => o.name === 'import');
    expect(imp.options.find((o: { name: string }) => o.name === 'file')).toMatchObject({ type: 11, required: false });
    expect(imp.options.find((o: { name: string }) => o.name === 'dry_run')).toMatchObject({ type: 5 });
    expect(registered.find((c) => c.name === 'access').default_member_permissions).toBe('32');
    expect(registered.find((c) => c.name === 'audit').options.find((o: { name: string }) => o.name === 'limit')).toMatchObject({ type: 4, min_value: 1, max_value: 200 });
  });

  it('changes nothing when run again, and overwrites only when a command changed', async () => {
    const config = loadConfig({ DISCORD_TOKEN: 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.fake.token', DISCORD_APPLICATION_ID: APP_ID, DISCORD_GUILD_IDS: GUILD_ID, DISCORD_API_URL: d.fake.apiUrl }).discord!;
    const puts = () => d.fake.requests.filter((r) => r.method === 'PUT').length;
    const before = puts();
    expect(before).toBe(1);
    const again = await registerCommands(createRest(config), config, commands);
    expect(again).toEqual([{ scope: GUILD_ID, changed: false, differences: [], count: commands.length }]);
    expect(puts()).toBe(before);
    const renamed = commands.map((c) => (c.name === 'help' ? { ...c, description: 'Help, reworded' } : c));
    const changed = await registerCommands(createRest(config), config, renamed);
    expect(changed[0]).toMatchObject({ changed: true, differences: ['changed /help'] });
    expect(puts()).toBe(before + 1);
    await registerCommands(createRest(config), config, commands);
  });

  it('fits every command within Discord limits (8,000 characters, 25 options)', () => {
    expect(() => toDiscordCommands(commands)).not.toThrow();
  });
});

describe('Discord: slash commands', () => {
  it('adds a carrier with inline options and announces it in the channel', async () => {
    const sent = await d.slash(['carrier', 'add'], { name: 'Acme', sip_address: 'sip.acme.example:5060', cps: 5, transport: 'udp' });
    expect(sent.callback.type).toBe(4);
    expect(sent.callback.data.flags ?? 0).toBe(0);
    const text = messageText(sent.callback.data);
    expect(text).toContain('Carrier "Acme" created.');
    expect(text).toContain('sip.acme.example:5060');
    expect(sent.callback.data.allowed_mentions).toEqual({ parse: [] });
    expect((await d.h.app.store.carriers.findByName('Acme'))!.cps).toBe(5);
  });

  it('shows the carrier card privately, with its buttons', async () => {
    const sent = await d.slash(['carrier', 'show'], { carrier: 'acme' });
    expect(sent.callback.data.flags).toBe(EPHEMERAL);
    expect(sent.callback.data.embeds[0].title).toContain('Acme');
    expect(buttonLabels(sent.callback.data)).toEqual(['Edit', 'Add number', 'Delete']);
  });

  it('answers a bad option with the field and the rule, privately, and saves nothing', async () => {
    const sent = await d.slash(['carrier', 'add'], { name: 'Bad', sip_address: 'sip:bad host' });
    expect(sent.callback.data.flags).toBe(EPHEMERAL);
    expect(messageText(sent.callback.data)).toMatch(/SIP address: .*Nothing was saved/s);
    expect(await d.h.app.store.carriers.findByName('Bad')).toBeNull();
  });

  it('lists as a table in a code block', async () => {
    const sent = await d.slash(['carrier', 'list'], {});
    expect(sent.callback.data.embeds[0].description).toMatch(/```\n.*Acme/s);
  });

  it('autocompletes carriers, numbers and bots from the database, and nothing for people without a role', async () => {
    await d.slash(['bot', 'add'], { name: 'Sales', agent_name: 'sales-agent' });
    await d.slash(['did', 'add'], { carrier: 'Acme', number: '+14155550100', label: 'Main line' });
    expect(await d.complete(['carrier', 'show'], 'carrier', 'ac')).toEqual([{ name: 'Acme · sip.acme.example:5060', value: 'Acme' }]);
    expect(await d.complete(['did', 'edit'], 'number', '555')).toEqual([{ name: '+14155550100 · Acme · Main line', value: '+14155550100' }]);
    expect((await d.complete(['did', 'add'], 'bot', 'sa')).map((c) => c.value)).toEqual(['Sales']);
    expect(await d.complete(['carrier', 'show'], 'carrier', 'ac', d.stranger)).toEqual([]);
  });

  it('refuses a member without a trunkops role, and lets a Discord role granted viewer read but not write', async () => {
    const refused = await d.slash(['carrier', 'show'], { carrier: 'Acme' }, d.support);
    expect(refused.callback.data.flags).toBe(EPHEMERAL);
    expect(messageText(refused.callback.data)).toContain('needs the viewer role');
    await d.slash(['access', 'grant'], { principal: `<@&${SUPPORT_ROLE}>`, role: 'viewer' });
    const shown = await d.slash(['carrier', 'show'], { carrier: 'Acme' }, d.support);
    expect(shown.callback.data.embeds[0].title).toContain('Acme');
    const write = await d.slash(['carrier', 'delete'], { carrier: 'Acme' }, d.support);
    expect(messageText(write.callback.data)).toContain('needs the admin role; you are viewer');
  });

  it('asks before deleting, with Danger and Cancel buttons; Cancel changes nothing, Delete deletes', async () => {
    await d.slash(['carrier', 'add'], { name: 'Doomed', sip_address: 'sip.doomed.example' });
    const ask = await d.slash(['carrier', 'delete'], { carrier: 'Doomed' });
    expect(ask.callback.data.flags).toBe(EPHEMERAL);
    const row = ask.callback.data.components[0].components;
    expect(row.map((b: { label: string; style: number }) => [b.label, b.style])).toEqual([['Delete carrier', 4], ['Cancel', 2]]);
    const cancelled = await d.click(d.answer(ask), 'Cancel');
    expect(cancelled.callback.type).toBe(7);
    expect(cancelled.callback.data.content).toContain('Cancelled; nothing was changed.');
    expect(await d.h.app.store.carriers.findByName('Doomed')).not.toBeNull();
    const ask2 = await d.slash(['carrier', 'delete'], { carrier: 'Doomed' });
    const done = await d.click(d.answer(ask2), 'Delete carrier');
    expect(done.callback.type).toBe(7);
    expect(messageText(done.callback.data)).toContain('Carrier "Doomed" deleted');
    expect(done.callback.data.components).toEqual([]);
    expect(await d.h.app.store.carriers.findByName('Doomed')).toBeNull();
  });

  it('refuses interactions from a server it is not set up for', async () => {
    const sent = await d.slash(['carrier', 'list'], {}, d.admin, { guildId: OTHER_GUILD_ID });
    expect(sent.callback.data.flags).toBe(EPHEMERAL);
    expect(messageText(sent.callback.data)).toContain('answers in the servers it is set up for');
  });

  it('records the Discord user in the audit log', async () => {
    const rows = await d.h.db.query(`select actor_platform, actor_id, actor_name from audit_log where action = 'carrier.add' order by id limit 1`);
    expect(rows[0]).toMatchObject({ actor_platform: 'discord', actor_id: expect.stringMatching(/^discord:\d+$/), actor_name: 'alice' });
  });

});

describe('Discord: global registration and servers not cached', () => {
  let g: DiscordHarness;
  beforeAll(async () => {
    g = await createDiscordHarness({ global: true });
    await g.h.script(['carrier add name=Acme sip_address=sip.acme.example', `access grant principal=discord-role:${SUPPORT_ROLE} role=viewer`]);
  });
  afterAll(async () => {
    await g?.close();
  });

  it('registers globally without DISCORD_GUILD_IDS', () => {
    expect(g.fake.commands.get('global')!.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    expect(g.fake.commands.get(GUILD_ID)).toBeUndefined();
  });

  it('serves a member of a server discord.js has not cached, with role ids from the raw payload', async () => {
    const sent = await g.slash(['carrier', 'show'], { carrier: 'Acme' }, member(STRANGER_ID, [SUPPORT_ROLE]), { guildId: OTHER_GUILD_ID });
    expect(sent.callback.data.embeds[0].title).toContain('Acme');
    const refused = await g.slash(['carrier', 'show'], { carrier: 'Acme' }, member(STRANGER_ID, []), { guildId: OTHER_GUILD_ID });
    expect(messageText(refused.callback.data)).toContain('needs the viewer role');
  });
});
