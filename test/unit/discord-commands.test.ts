// The real command registry as Discord application commands: structure, option types, ordering and Discord's
// limits; and the comparison that decides whether registration has to overwrite what Discord holds.
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { defineAction, defineCommand, listActions, type ActionSpec } from '../../src/core/runtime/command.ts';
import { opt } from '../../src/core/runtime/options.ts';
import { reply } from '../../src/core/runtime/reply.ts';
import { commandChars, registrableOptions, toDiscordCommands, type DiscordCommand } from '../../src/discord/commands.ts';
import { diffCommands } from '../../src/discord/register.ts';

interface Opt {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  choices?: { name: string; value: string }[];
  autocomplete?: boolean;
  min_value?: number;
  max_value?: number;
  options?: Opt[];
}

const discord = toDiscordCommands(commands);
const optionsOf = (c: DiscordCommand) => (c.options ?? []) as unknown as Opt[];

/** The registered options of the action at `path` (a command, subcommand or grouped subcommand). */
function registered(path: string[]): Opt[] {
  const cmd = discord.find((c) => c.name === path[0])!;
  let level = optionsOf(cmd);
  for (const name of path.slice(1)) level = level.find((o) => o.name === name)!.options ?? [];
  return level;
}

/** Every option list of every level, with where it is. */
function levels(): { where: string; options: Opt[] }[] {
  const out: { where: string; options: Opt[] }[] = [];
  const walk = (where: string, options: Opt[]) => {
    out.push({ where, options });
    for (const o of options) if (o.type === 1 || o.type === 2) walk(`${where} ${o.name}`, o.options ?? []);
  };
  for (const c of discord) walk(c.name, optionsOf(c));
  return out;
}

const actions = listActions(commands);

describe('the registry as slash commands', () => {
  it('registers one command per spec, in order, for servers only', () => {
    expect(discord.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    for (const c of discord) {
      expect(c.type).toBe(1);
      expect(c.contexts).toEqual([0]);
      expect(c.integration_types).toEqual([0]);
    }
  });

  it('makes actions subcommands and groups subcommand groups', () => {
    const carrier = optionsOf(discord.find((c) => c.name === 'carrier')!);
    expect(carrier.map((o) => [o.name, o.type])).toEqual([
      ['list', 1], ['show', 1], ['add', 1], ['edit', 1], ['delete', 1], ['sync', 1], ['reconcile', 1], ['maintenance', 1], ['guide', 1], ['dialplan', 1], ['contacts', 2],
    ]);
    expect(carrier.at(-1)!.options!.map((o) => [o.name, o.type])).toEqual([['add', 1], ['remove', 1], ['list', 1]]);
    // A command that runs one action takes its options directly.
    expect(registered(['audit']).map((o) => o.name)).toEqual(['carrier', 'limit']);
  });

  it('registers exactly the options a caller can type, leaving out hidden and secret ones', () => {
    for (const { path, action } of actions) {
      const want = registrableOptions(action).map(([n]) => n).sort();
      expect(registered(path).map((o) => o.name).sort(), path.join(' ')).toEqual(want);
    }
    const edit = registered(['carrier', 'edit']).map((o) => o.name);
    expect(edit).not.toContain('password');
    expect(edit).not.toContain('version');
    expect(edit).toContain('clear_password');
  });

  it('puts required options before optional ones at every level', () => {
    for (const { where, options } of levels()) {
      const firstOptional = options.findIndex((o) => !o.required);
      if (firstOptional >= 0) expect(options.slice(firstOptional).some((o) => o.required), where).toBe(false);
    }
    expect(registered(['carrier', 'edit']).map((o) => o.name).slice(0, 2)).toEqual(['carrier', 'name']);
    expect(registered(['carrier', 'edit'])[0]!.required).toBe(true);
  });

  it('types each option from its kind: choices, autocomplete, ranges, attachments, booleans and numbers', () => {
    for (const { path, action } of actions) {
      for (const [name, def] of registrableOptions(action)) {
        const o = registered(path).find((x) => x.name === name)!;
        const where = `${path.join(' ')} ${name}`;
        // A form asks for what is missing, so only the target of a form action is required in Discord.
        expect(o.required ?? false, where).toBe(def.required && (!action.form || Boolean(def.positional)));
        if (def.kind === 'string' && def.choices) {
          expect(o.choices!.length, where).toBeLessThanOrEqual(25);
          expect(o.choices!.map((c) => c.value), where).toEqual([...def.choices]);
        }
        if (def.entity && !def.choices) {
          expect(o.autocomplete, where).toBe(true);
          expect(o.choices, where).toBeUndefined();
        }
        const type = { string: 3, integer: 4, boolean: 5, number: 10, attachment: 11 }[def.kind];
        expect(o.type, where).toBe(type);
        if (def.kind === 'integer') expect([o.min_value, o.max_value], where).toEqual([def.range!.min, def.range!.max]);
      }
    }
    expect(registered(['audit']).find((o) => o.name === 'limit')).toMatchObject({ type: 4, min_value: 1, max_value: 200 });
    expect(registered(['did', 'import']).map((o) => [o.name, o.type, o.required])).toEqual([['carrier', 3, true], ['file', 11, false], ['dry_run', 5, false]]);
    // `/carrier add` and `/did add` alone open their forms; `/carrier edit` needs the carrier.
    expect(registered(['carrier', 'add']).filter((o) => o.required)).toEqual([]);
    expect(registered(['did', 'add']).filter((o) => o.required)).toEqual([]);
    expect(registered(['carrier', 'add']).find((o) => o.name === 'cps')!.type).toBe(10);
    expect(registered(['carrier', 'add']).find((o) => o.name === 'transport')!.choices).toEqual([
      { name: 'auto', value: 'auto' }, { name: 'udp', value: 'udp' }, { name: 'tcp', value: 'tcp' }, { name: 'tls', value: 'tls' },
    ]);
    expect(registered(['carrier', 'add']).find((o) => o.name === 'inbound_auth')!.choices![1]).toEqual({ name: 'ip allowlist', value: 'ip_allowlist' });
    expect(registered(['carrier', 'show'])[0]).toMatchObject({ name: 'carrier', type: 3, required: true, autocomplete: true });
  });

  it("stays within Discord's limits on names, descriptions, options and characters", () => {
    for (const c of discord) {
      expect(c.name).toMatch(/^[-_a-z0-9]{1,32}$/);
      expect(c.description.length).toBeGreaterThanOrEqual(1);
      expect(c.description.length).toBeLessThanOrEqual(100);
      expect(commandChars(c), c.name).toBeLessThanOrEqual(8000);
    }
    for (const { where, options } of levels()) {
      expect(options.length, where).toBeLessThanOrEqual(25);
      for (const o of options) {
        expect(o.name, where).toMatch(/^[-_a-z0-9]{1,32}$/);
        expect(o.description.length, `${where} ${o.name}`).toBeGreaterThanOrEqual(1);
        expect(o.description.length, `${where} ${o.name}`).toBeLessThanOrEqual(100);
      }
    }
  });

  it('hides commands that are admin-only by default and leaves the others to everyone', () => {
    const perms = Object.fromEntries(discord.map((c) => [c.name, c.default_member_permissions]));
    expect(perms).toEqual({ carrier: null, did: null, bot: null, ratecard: null, price: null, lcr: null, calls: null, health: null, alert: null, access: '32', audit: null, help: null });
  });

  it('counts names, descriptions and choices as Discord does', () => {
    const cmd = { name: 'ab', description: 'cde', options: [{ name: 'x', description: 'yy', choices: [{ name: 'one', value: 1 }] }, { name: 'g', description: 'h', options: [{ name: 'i', description: 'jk' }] }] };
    expect(commandChars(cmd)).toBe(2 + 3 + (1 + 2 + 3 + 1) + (1 + 1 + 1 + 2));
  });

  it('refuses a command with too many options or characters, naming it', () => {
    const many = (n: number, desc: string) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`o${i}`, opt.text({ label: 'L', description: desc })]));
    const action = (name: string, options: ActionSpec['options']) =>
      defineAction({ name, description: 'd', role: 'viewer', mutates: false, options, handler: async () => reply({}) });
    expect(() => toDiscordCommands([defineCommand({ name: 'wide', description: 'd', actions: [action('a', many(26, 'd'))] })])).toThrow(/action a has 26 options; Discord allows 25/);
    const big = defineCommand({ name: 'big', description: 'd', actions: Array.from({ length: 5 }, (_, i) => action(`a${i}`, many(20, 'x'.repeat(100)))) });
    expect(() => toDiscordCommands([big])).toThrow(/discord command \/big has \d+ characters/);
  });
});

describe('comparing with what Discord holds', () => {
  /** A command as Discord returns it: ids, a version, and defaults spelled out. */
  function asReturned(c: DiscordCommand, i: number): DiscordCommand {
    const fill = (o: Opt): Opt => ({
      ...o,
      required: o.required ?? false,
      ...(o.type === 3 && !o.autocomplete ? { autocomplete: false } : {}),
      options: (o.options ?? []).map(fill),
    });
    return {
      ...c,
      id: `11000000000000000${i}`,
      application_id: '1100000000000000000',
      version: '1200000000000000000',
      nsfw: false,
      default_member_permissions: c.default_member_permissions ?? null,
      options: optionsOf(c).map(fill),
    } as unknown as DiscordCommand;
  }

  it('finds nothing to change when the commands are the same', () => {
    expect(diffCommands(toDiscordCommands(commands), discord)).toEqual([]);
  });

  it("does not count Discord's ids and spelled-out defaults as differences", () => {
    const held = discord.map(asReturned);
    expect(JSON.stringify(held)).toContain('"required":false');
    expect(diffCommands(held, discord)).toEqual([]);
  });

  it('names a command whose description changed', () => {
    const held = discord.map(asReturned);
    const wanted = discord.map((c) => (c.name === 'did' ? { ...c, description: 'Phone numbers' } : c));
    expect(diffCommands(held, wanted)).toEqual(['changed /did']);
  });

  it('names a command whose option changed deep inside', () => {
    const wanted = discord.map((c) => (c.name === 'audit' ? { ...c, options: optionsOf(c).map((o) => (o.name === 'limit' ? { ...o, max_value: 500 } : o)) } : c)) as DiscordCommand[];
    expect(diffCommands(discord.map(asReturned), wanted)).toEqual(['changed /audit']);
  });

  it('names commands added and removed', () => {
    const held = discord.filter((c) => c.name !== 'help').map(asReturned);
    held.push({ ...held[0]!, name: 'legacy' });
    expect(diffCommands(held, discord)).toEqual(['added /help', 'removed /legacy']);
  });
});
