// Proves the fake Discord is faithful enough to build on: a real discord.js Client logs in over its gateway,
// answers interactions through its REST endpoints and hits the same errors, limits and retries as against Discord.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  Events,
  FileUploadBuilder,
  GatewayIntentBits,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  REST,
  Routes,
  SlashCommandBuilder,
  StringSelectMenuBuilder,
  TextDisplayBuilder,
  TextInputBuilder,
  TextInputStyle,
  type APIInteractionGuildMember,
  type Interaction,
  type TextChannel,
} from 'discord.js';
import { APP_ID, BOT_USER_ID, CHANNEL_ID, DISCORD_TOKEN, GUILD_ID, OTHER_GUILD_ID, startFakeDiscord, type FakeDiscord, type StartOptions } from '../fakes/discord.ts';
import { autocomplete, button, chatInput, fillModal, member, modalSubmit } from '../fakes/discord-payloads.ts';

const ROLE_NOC = '1500000000000000001';
const USER = '1600000000000000001';
const noc = member(USER, [ROLE_NOC], { name: 'alice' });

/** A fake plus a logged-in client whose interaction handler each test sets per interaction id. */
class Harness {
  fake!: FakeDiscord;
  client!: Client;
  private handlers = new Map<string, (i: Interaction) => Promise<void>>();

  async start(opts: StartOptions): Promise<this> {
    this.fake = await startFakeDiscord(opts);
    this.client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: this.fake.apiUrl } });
    this.client.on(Events.InteractionCreate, (i) => void this.handlers.get(i.id)?.(i));
    const ready = new Promise((r) => this.client.once(Events.ClientReady, r));
    await this.client.login(DISCORD_TOKEN);
    await ready;
    return this;
  }

  /** Pushes the payload and resolves with what the handler returns (or rejects with what it throws). */
  run<T>(payload: { id: string }, fn: (i: Interaction) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.handlers.set(payload.id, (i) => fn(i).then(resolve, reject));
      this.fake.interaction(payload);
    });
  }

  async stop(): Promise<void> {
    await this.client?.destroy();
    await this.fake?.close();
  }
}

const apiError = (e: unknown) => {
  expect(e).toBeInstanceOf(DiscordAPIError);
  const d = e as DiscordAPIError;
  return { code: d.code, status: d.status, message: d.message };
};

describe('fake Discord driven by a real discord.js client', () => {
  const h = new Harness();
  beforeAll(() => h.start({ heartbeatIntervalMs: 250, guilds: [{ id: GUILD_ID, roles: [{ id: ROLE_NOC, name: 'noc' }] }] }));
  afterAll(() => h.stop());

  it('logs in: GET /gateway/bot with the bot token, IDENTIFY, READY, GUILD_CREATE, heartbeats ACKed', async () => {
    const { fake, client } = h;
    const gw = fake.requests.find((r) => r.path === '/gateway/bot');
    expect(gw).toMatchObject({ method: 'GET', auth: `Bot ${DISCORD_TOKEN}`, status: 200 });
    expect(fake.gateway.connects[0]).toBe('/gateway?v=10&encoding=json');
    expect(fake.identifies[0]).toMatchObject({ token: DISCORD_TOKEN, intents: 1, compress: false, shard: [0, 1] });
    expect(client.user?.id).toBe(BOT_USER_ID);
    expect(client.application?.id).toBe(APP_ID);
    const guild = client.guilds.cache.get(GUILD_ID);
    expect(guild?.roles.cache.get(ROLE_NOC)?.name).toBe('noc');
    expect(guild?.roles.everyone.id).toBe(GUILD_ID);
    expect(client.channels.cache.get(CHANNEL_ID)?.isTextBased()).toBe(true);
    await vi.waitFor(() => expect(fake.heartbeats).toBeGreaterThanOrEqual(2), { timeout: 2000 });
    await vi.waitFor(() => expect(client.ws.ping).toBeGreaterThanOrEqual(0), { timeout: 2000 });
  });

  it('registers commands with a bulk PUT, keeps ids stable, rejects bad bodies, unknown guilds and bad tokens', async () => {
    const rest = new REST({ version: '10', api: h.fake.apiUrl }).setToken(DISCORD_TOKEN);
    const carrier = new SlashCommandBuilder()
      .setName('carrier')
      .setDescription('Manage carriers')
      .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
      .addSubcommand((s) => s.setName('show').setDescription('Show one').addStringOption((o) => o.setName('name').setDescription('Carrier').setRequired(true).setAutocomplete(true)))
      .addSubcommand((s) => s.setName('ratecard').setDescription('Import').addAttachmentOption((o) => o.setName('file').setDescription('CSV').setRequired(true)))
      .addSubcommandGroup((g) => g.setName('contacts').setDescription('Contacts').addSubcommand((s) => s.setName('add').setDescription('Add one')));
    const body = [carrier.toJSON(), new SlashCommandBuilder().setName('help').setDescription('Help').toJSON()];
    const put = (await rest.put(Routes.applicationGuildCommands(APP_ID, GUILD_ID), { body })) as { id: string; name: string }[];
    expect(put.map((c) => c.name)).toEqual(['carrier', 'help']);
    const got = (await rest.get(Routes.applicationGuildCommands(APP_ID, GUILD_ID))) as Record<string, unknown>[];
    expect(got[0]).toMatchObject({ id: put[0]!.id, application_id: APP_ID, guild_id: GUILD_ID, type: 1, default_member_permissions: '32', nsfw: false });
    expect(got[1]).toMatchObject({ name: 'help', default_member_permissions: null });
    const again = (await rest.put(Routes.applicationGuildCommands(APP_ID, GUILD_ID), { body })) as { id: string; version: string }[];
    expect(again[0]!.id).toBe(put[0]!.id);
    expect(h.fake.commands.get(GUILD_ID)).toHaveLength(2);
    await rest.put(Routes.applicationCommands(APP_ID), { body: [body[1]] });
    expect(h.fake.commands.get('global')?.[0]).not.toHaveProperty('guild_id');

    const bad = [{ name: 'Carrier', description: 'x'.repeat(101), options: [{ name: 'a', description: 'a', type: 3 }, { name: 'b', description: 'b', type: 3, required: true }] }];
    const e = apiError(await rest.put(Routes.applicationGuildCommands(APP_ID, GUILD_ID), { body: bad }).catch((x: unknown) => x));
    expect(e).toMatchObject({ code: 50035, status: 400 });
    expect(e.message).toContain('0.name[APPLICATION_COMMAND_INVALID_NAME]');
    expect(e.message).toContain('0.description[BASE_TYPE_BAD_LENGTH]');
    expect(e.message).toContain('0.options[1].required[APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID]');
    const both = [{ name: 'x', description: 'x', options: [{ name: 'o', description: 'o', type: 3, autocomplete: true, choices: [{ name: 'a', value: 'a' }] }] }];
    expect(apiError(await rest.put(Routes.applicationCommands(APP_ID), { body: both }).catch((x: unknown) => x)).code).toBe(50035);
    expect(apiError(await rest.get(Routes.applicationGuildCommands(APP_ID, OTHER_GUILD_ID)).catch((x: unknown) => x))).toMatchObject({ code: 50001, status: 403 });
    const anon = new REST({ version: '10', api: h.fake.apiUrl }).setToken('not-the-token');
    expect(apiError(await anon.get(Routes.user()).catch((x: unknown) => x))).toMatchObject({ code: 0, status: 401 });
  });

  it('reply with flags Ephemeral: callback type 4, flags 64, no Authorization, with_response=false', async () => {
    const p = chatInput(['carrier', 'show'], [{ name: 'name', type: 3, value: 'acme' }], noc);
    const seen = await h.run(p, async (i) => {
      if (!i.isChatInputCommand() || !i.inCachedGuild()) throw new Error('expected a cached chat input');
      await i.reply({ content: `carrier ${i.options.getString('name', true)}`, flags: MessageFlags.Ephemeral });
      return { sub: i.options.getSubcommand(), hasRole: i.member.roles.cache.has(ROLE_NOC), user: i.user.username };
    });
    expect(seen).toEqual({ sub: 'show', hasRole: true, user: 'alice' });
    const req = await h.fake.waitFor((r) => r.path === `/interactions/${p.id}/${p.token}/callback`);
    expect(req).toMatchObject({ auth: undefined, query: '?with_response=false', status: 204 });
    expect(await h.fake.callback(p.id)).toMatchObject({ type: 4, data: { content: 'carrier acme', flags: 64 } });
    expect(h.fake.original(p.token)).toMatchObject({ content: 'carrier acme', flags: 64, interaction_token: p.token });
    expect(h.fake.channelMessages(CHANNEL_ID).some((m) => m.interaction_token === p.token)).toBe(false);
  });

  it('withResponse: 200 with the callback resource and its message', async () => {
    const p = chatInput(['help'], [], noc);
    const res = await h.run(p, async (i) => (i.isRepliable() ? i.reply({ content: 'hi', withResponse: true }) : undefined));
    expect(res?.resource?.message?.content).toBe('hi');
    expect(res?.interaction.id).toBe(p.id);
  });

  it('files: a reply with an uploaded CSV goes multipart and is served from the CDN', async () => {
    const p = chatInput(['help'], [], noc);
    await h.run(p, async (i) => (i.isRepliable() ? void (await i.reply({ content: 'export', files: [{ attachment: Buffer.from('a,b\n1,2\n'), name: 'export.csv' }] })) : undefined));
    const req = await h.fake.waitFor((r) => r.path === `/interactions/${p.id}/${p.token}/callback`);
    expect(req.files).toEqual([{ name: 'export.csv', type: expect.any(String), size: 8 }]);
    const att = h.fake.original(p.token)?.attachments?.[0];
    expect(att).toMatchObject({ filename: 'export.csv', size: 8 });
    expect(await (await fetch(att.url)).text()).toBe('a,b\n1,2\n');
  });

  it('deferReply then editReply, followUp (ephemeral and public), fetchReply and deleteReply', async () => {
    const p = chatInput(['carrier', 'contacts', 'add'], [], noc);
    const group = await h.run(p, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected chat input');
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      expect(h.fake.original(p.token)).toMatchObject({ content: '', flags: 64, deferred: true });
      await i.editReply({ content: 'done' });
      await i.followUp({ content: 'more', flags: MessageFlags.Ephemeral });
      await i.followUp({ content: 'for everyone' });
      await i.deleteReply(await i.followUp('temporary'));
      const fetched = await i.fetchReply();
      expect(fetched.content).toBe('done');
      return i.options.getSubcommandGroup();
    });
    expect(group).toBe('contacts');
    expect(await h.fake.callback(p.id)).toEqual({ type: 5, data: { flags: 64 } });
    const edit = await h.fake.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/${p.token}/messages/@original`);
    expect(edit.auth).toBeUndefined();
    expect(h.fake.original(p.token)).toMatchObject({ content: 'done', edits: 1, deferred: false });
    expect(h.fake.followUps(p.token).map((m) => [m.content, m.flags, Boolean(m.deleted)])).toEqual([
      ['more', 64, false],
      ['for everyone', 0, false],
      ['temporary', 0, true],
    ]);
    expect(h.fake.channelMessages(CHANNEL_ID).filter((m) => !m.deleted).at(-1)?.content).toBe('for everyone');
  });

  it('autocomplete: getFocused and respond give callback type 8; more than 25 choices is a 50035', async () => {
    const p = autocomplete(['carrier', 'show'], [{ name: 'name', type: 3, value: 'ac', focused: true }], noc);
    const focused = await h.run(p, async (i) => {
      if (!i.isAutocomplete()) throw new Error('expected autocomplete');
      await i.respond([{ name: 'acme', value: 'acme' }]);
      return i.options.getFocused();
    });
    expect(focused).toBe('ac');
    expect(await h.fake.callback(p.id)).toEqual({ type: 8, data: { choices: [{ name: 'acme', value: 'acme' }] } });
    const q = autocomplete(['carrier', 'show'], [{ name: 'name', type: 3, value: '' }], noc);
    const many = Array.from({ length: 26 }, (_, n) => ({ name: `c${n}`, value: `c${n}` }));
    const err = await h.run(q, async (i) => (i.isAutocomplete() ? i.respond(many) : undefined)).catch((x: unknown) => x);
    expect(apiError(err).message).toContain('data.choices[BASE_TYPE_BAD_LENGTH]');
  });

  it('showModal with Label/TextInput/StringSelect/FileUpload, then a filled modal submit parsed by discord.js', async () => {
    const p = chatInput(['carrier', 'create'], [], noc);
    const modal = new ModalBuilder()
      .setCustomId('carrier:create')
      .setTitle('New carrier')
      .addTextDisplayComponents(new TextDisplayBuilder().setContent('Create a SIP carrier'))
      .addLabelComponents(
        new LabelBuilder().setLabel('Name').setTextInputComponent(new TextInputBuilder().setCustomId('name').setStyle(TextInputStyle.Short).setMinLength(2).setMaxLength(32)),
        new LabelBuilder().setLabel('SIP host').setDescription('host[:port]').setTextInputComponent(new TextInputBuilder().setCustomId('host').setStyle(TextInputStyle.Short).setValue('sip.example.net')),
        new LabelBuilder()
          .setLabel('Kind')
          .setStringSelectMenuComponent(
            new StringSelectMenuBuilder().setCustomId('kind').addOptions({ label: 'Wholesale', value: 'wholesale', default: true }, { label: 'Retail', value: 'retail' }),
          ),
        new LabelBuilder().setLabel('Rate card (CSV)').setFileUploadComponent(new FileUploadBuilder().setCustomId('ratecard').setMinValues(0).setMaxValues(1).setRequired(false)),
      );
    await h.run(p, async (i) => (i.isChatInputCommand() ? i.showModal(modal) : undefined));
    const cb = await h.fake.callback(p.id);
    expect(cb.type).toBe(9);
    expect(cb.data.components.map((c: { type: number }) => c.type)).toEqual([10, 18, 18, 18, 18]);

    expect(() => fillModal(cb.data, { name: 'a' })).toThrow(/name must be 2-32/);
    expect(() => fillModal(cb.data, { nmae: 'acme' })).toThrow(/no field nmae/);
    const att = h.fake.addAttachment('us.csv', Buffer.from('prefix,rate\n1,0.01\n44,0.02\n'), 'text/csv');
    const filled = fillModal(cb.data, { name: 'acme', ratecard: { attachment: att } });
    expect(filled.components[1]).toEqual({ type: 18, id: 2, component: { type: 4, id: 3, custom_id: 'name', value: 'acme' } });
    const submit = modalSubmit('carrier:create', filled.components, noc, { resolved: filled.resolved });
    const got = await h.run(submit, async (i) => {
      if (!i.isModalSubmit()) throw new Error('expected a modal submit');
      const file = i.fields.getUploadedFiles('ratecard')?.first();
      const csv = file ? await (await fetch(file.url)).text() : '';
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await i.editReply(`created ${i.fields.getTextInputValue('name')}`);
      return { id: i.customId, host: i.fields.getTextInputValue('host'), kind: i.fields.getStringSelectValues('kind'), rows: csv.trim().split('\n').length - 1 };
    });
    expect(got).toEqual({ id: 'carrier:create', host: 'sip.example.net', kind: ['wholesale'], rows: 2 });
    expect(h.fake.original(submit.token)?.content).toBe('created acme');

    // Discord refuses a modal in reply to a modal submit, and checks modal limits.
    const again = modalSubmit('carrier:create', fillModal(cb.data, { name: 'acme' }).components, noc);
    h.fake.interaction(again);
    const post = (body: unknown, id = again.id, token = again.token) =>
      fetch(`${h.fake.apiUrl}/v10/interactions/${id}/${token}/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const refused = await post({ type: 9, data: cb.data });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain('INTERACTION_RESPONSE_TYPE_INVALID');
    const cmd = chatInput(['carrier', 'create'], [], noc);
    h.fake.interaction(cmd);
    const tooLong = await post({ type: 9, data: { ...cb.data, title: 't'.repeat(46) } }, cmd.id, cmd.token);
    expect(await tooLong.json()).toMatchObject({ code: 50035, errors: { data: { title: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH' }] } } } });
  });

  it('channel post with buttons, button click answered with update (type 7), deferUpdate + editReply, thread', async () => {
    const channel = (await h.client.channels.fetch(CHANNEL_ID)) as TextChannel;
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('alert:ack:acme').setLabel('Ack').setStyle(ButtonStyle.Primary),
      new ButtonBuilder().setCustomId('alert:sync:acme').setLabel('Sync now').setStyle(ButtonStyle.Secondary),
    );
    const sent = await channel.send({ content: 'ASR for acme dropped to 12%', components: [row] });
    const post = h.fake.requests.find((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages`);
    expect(post?.auth).toBe(`Bot ${DISCORD_TOKEN}`);
    const stored = h.fake.messages.get(sent.id)!;
    expect(h.fake.channelMessages(CHANNEL_ID).at(-1)?.id).toBe(sent.id);

    const click = button('alert:ack:acme', stored, noc);
    const from = await h.run(click, async (i) => {
      if (!i.isButton()) throw new Error('expected a button');
      await i.update({ content: `${i.message.content}\nAcked by <@${i.user.id}>`, components: [] });
      return i.message.id;
    });
    expect(from).toBe(sent.id);
    expect(await h.fake.callback(click.id)).toMatchObject({ type: 7, data: { components: [] } });
    expect(h.fake.messages.get(sent.id)).toMatchObject({ content: `ASR for acme dropped to 12%\nAcked by <@${USER}>`, components: [], edits: 1 });

    const sync = button('alert:sync:acme', h.fake.messages.get(sent.id)!, noc);
    await h.run(sync, async (i) => {
      if (!i.isButton()) return;
      await i.deferUpdate();
      await i.editReply({ content: 'synced' });
    });
    expect(await h.fake.callback(sync.id)).toEqual({ type: 6 });
    expect(h.fake.original(sync.token)?.id).toBe(sent.id);
    expect(h.fake.messages.get(sent.id)?.content).toBe('synced');

    // A "try again" button reopens a modal; its submit carries the message and can update it in place.
    const retry = button('alert:note:acme', h.fake.messages.get(sent.id)!, noc);
    const small = new ModalBuilder()
      .setCustomId('alert:note')
      .setTitle('Note')
      .addLabelComponents(new LabelBuilder().setLabel('Note').setTextInputComponent(new TextInputBuilder().setCustomId('note').setStyle(TextInputStyle.Paragraph)));
    await h.run(retry, async (i) => (i.isButton() ? i.showModal(small) : undefined));
    const shown = await h.fake.callback(retry.id);
    const note = modalSubmit('alert:note', fillModal(shown.data, { note: 'carrier fixed' }).components, noc, { message: h.fake.messages.get(sent.id) });
    await h.run(note, async (i) => (i.isModalSubmit() && i.isFromMessage() ? void (await i.update({ content: i.fields.getTextInputValue('note') })) : undefined));
    expect(await h.fake.callback(note.id)).toMatchObject({ type: 7 });
    expect(h.fake.messages.get(sent.id)?.content).toBe('carrier fixed');

    const thread = await sent.startThread({ name: 'acme incident' });
    expect(thread.id).toBe(sent.id);
    await thread.send('details');
    expect(h.fake.channelMessages(thread.id).map((m) => m.content)).toEqual(['details']);
  });

  it('message limits: content > 2000, duplicate custom ids, empty messages', async () => {
    const channel = (await h.client.channels.fetch(CHANNEL_ID)) as TextChannel;
    const long = apiError(await channel.send('x'.repeat(2001)).catch((x: unknown) => x));
    expect(long).toMatchObject({ code: 50035, status: 400 });
    expect(long.message).toContain('content[BASE_TYPE_MAX_LENGTH]: Must be 2000 or fewer in length.');
    const dup = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('same').setLabel('A').setStyle(ButtonStyle.Primary),
      new ButtonBuilder().setCustomId('same').setLabel('B').setStyle(ButtonStyle.Primary),
    );
    expect(apiError(await channel.send({ content: 'x', components: [dup] }).catch((x: unknown) => x)).message).toContain(
      'components[0].components[1].custom_id[COMPONENT_CUSTOM_ID_DUPLICATED]',
    );
    expect(apiError(await channel.send({ content: '' }).catch((x: unknown) => x))).toMatchObject({ code: 50006 });
    const p = chatInput(['help'], [], noc);
    const err = await h.run(p, async (i) => (i.isRepliable() ? i.reply({ content: 'y'.repeat(2001) }) : undefined)).catch((x: unknown) => x);
    expect(apiError(err).message).toContain('data.content[BASE_TYPE_MAX_LENGTH]');
  });

  it('a second initial response is 40060; an expired token makes editReply a 10015', async () => {
    const p = chatInput(['help'], [], noc);
    const second = await h.run(p, async (i) => {
      if (!i.isRepliable()) return;
      await i.reply('first');
      // Another process answering the same interaction: discord.js' own guard is bypassed by calling REST directly.
      return h.client.rest.post(Routes.interactionCallback(i.id, i.token), { body: { type: 4, data: { content: 'again' } }, auth: false }).catch((x: unknown) => x);
    });
    expect(apiError(second)).toMatchObject({ code: 40060, status: 400, message: 'Interaction has already been acknowledged.' });

    const q = chatInput(['help'], [], noc);
    const expired = await h.run(q, async (i) => {
      if (!i.isRepliable()) return;
      await i.deferReply();
      h.fake.expire(i.token);
      return i.editReply('too late').catch((x: unknown) => x);
    });
    expect(apiError(expired)).toMatchObject({ code: 10015, status: 404, message: 'Unknown Webhook' });
  });

  it('a 429 on a follow-up: discord.js waits retry_after and retries by itself', async () => {
    const p = chatInput(['help'], [], noc);
    h.fake.rateLimitNext((method, path) => method === 'POST' && path === `/webhooks/${APP_ID}/${p.token}`, 0.2);
    const limited: unknown[] = [];
    h.client.rest.once('rateLimited', (info) => limited.push(info));
    const msg = await h.run(p, async (i) => {
      if (!i.isRepliable()) throw new Error('expected repliable');
      await i.reply('working');
      return i.followUp('result');
    });
    expect(msg.content).toBe('result');
    const tries = h.fake.requests.filter((r) => r.path === `/webhooks/${APP_ID}/${p.token}`);
    expect(tries.map((r) => r.status)).toEqual([429, 200]);
    expect(tries[0]!.response).toEqual({ message: 'You are being rate limited.', retry_after: 0.2, global: false });
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(180);
    expect(h.fake.followUps(p.token).map((m) => m.content)).toEqual(['result']);
    expect(limited).toHaveLength(1);
  });

  it('attachment option: resolved attachment downloaded from its signed URL without auth', async () => {
    const att = h.fake.addAttachment('us.csv', Buffer.from('prefix,rate\n1,0.01\n'), 'text/csv');
    const p = chatInput(['carrier', 'ratecard'], [{ name: 'file', type: 11, value: { attachment: att } }], noc);
    const got = await h.run(p, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected chat input');
      const file = i.options.getAttachment('file', true);
      const res = await fetch(file.url);
      await i.reply({ content: 'imported', flags: MessageFlags.Ephemeral });
      return { name: file.name, type: res.headers.get('content-type'), length: res.headers.get('content-length'), text: await res.text() };
    });
    expect(got).toEqual({ name: 'us.csv', type: 'text/csv', length: '19', text: 'prefix,rate\n1,0.01\n' });
    expect(att.url).toMatch(/\?ex=[0-9a-f]+&is=[0-9a-f]+&hm=/);
  });
});

describe('fake Discord: deadlines, uncached guilds and resume', () => {
  const h = new Harness();
  beforeAll(() => h.start({ heartbeatIntervalMs: 250, interactionDeadlineMs: 300 }));
  afterAll(() => h.stop());

  it('a reply after the deadline is DiscordAPIError 10062 Unknown interaction', async () => {
    const p = chatInput(['help'], [], noc);
    const err = await h.run(p, async (i) => {
      await new Promise((r) => setTimeout(r, 400));
      return i.isRepliable() ? i.reply('late').catch((x: unknown) => x) : undefined;
    });
    expect(apiError(err)).toMatchObject({ code: 10062, status: 404, message: 'Unknown interaction' });
    expect(h.fake.original(p.token)).toBeUndefined();
  });

  it('an interaction from a guild the client has not cached carries the raw member with role ids', async () => {
    const p = chatInput(['carrier', 'show'], [{ name: 'name', type: 3, value: 'acme' }], noc, { guildId: OTHER_GUILD_ID });
    const view = await h.run(p, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected chat input');
      await i.reply({ content: 'ok', flags: MessageFlags.Ephemeral });
      return {
        inGuild: i.inGuild(),
        cached: i.inCachedGuild(),
        guild: i.guild,
        roles: (i.member as APIInteractionGuildMember).roles,
        canView: i.memberPermissions?.has(PermissionFlagsBits.ViewChannel),
      };
    });
    expect(view).toEqual({ inGuild: true, cached: false, guild: null, roles: [ROLE_NOC], canView: true });
    expect(await h.fake.callback(p.id)).toMatchObject({ type: 4, data: { content: 'ok', flags: 64 } });
    const fetched = (await h.client.rest.get(Routes.guildMember(OTHER_GUILD_ID, USER))) as { roles: string[] };
    expect(fetched.roles).toEqual([ROLE_NOC]);
  });

  it('after the gateway drops, discord.js resumes the session and keeps receiving interactions', async () => {
    const before = h.fake.gateway.resumes.length;
    h.fake.disconnectAll();
    await vi.waitFor(() => expect(h.fake.gateway.resumes.length).toBe(before + 1), { timeout: 3000 });
    await vi.waitFor(() => expect(h.fake.gateway.identified).toBe(1), { timeout: 3000 });
    expect(h.fake.identifies).toHaveLength(1);
    const p = chatInput(['help'], [], noc);
    await h.run(p, async (i) => (i.isRepliable() ? void (await i.reply('still here')) : undefined));
    expect(h.fake.original(p.token)?.content).toBe('still here');
  });
});

describe('fake Discord: login variants', () => {
  it('sendGuildCreate false: READY lists the guild, discord.js gives up waiting after waitGuildTimeout', async () => {
    const fake = await startFakeDiscord({ sendGuildCreate: false });
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl }, waitGuildTimeout: 100 });
    const ready = new Promise((r) => client.once(Events.ClientReady, r));
    await client.login(DISCORD_TOKEN);
    await ready;
    expect(client.guilds.cache.get(GUILD_ID)?.available).toBe(false);
    expect(client.channels.cache.has(CHANNEL_ID)).toBe(false);
    await client.destroy();
    await fake.close();
  });

  it('a bad token fails at GET /gateway/bot with 401', async () => {
    const fake = await startFakeDiscord();
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    await expect(client.login('MTEwMDAwMDAwMDAwMDAwMDAwMQ.bad.token')).rejects.toThrow();
    expect(fake.requests[0]).toMatchObject({ path: '/gateway/bot', status: 401 });
    expect(fake.identifies).toHaveLength(0);
    await client.destroy();
    await fake.close();
  });
});
