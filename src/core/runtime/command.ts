// defineCommand: one declarative spec per top-level command drives help, console parsing, Slack and Discord.
import type { Role } from '../access/roles.ts';
import type { HealthSettings } from '../alerts/settings.ts';
import type { Secrets } from '../secrets.ts';
import type { SyncService } from '../sync.ts';
import type { AuditEntry, Store } from '../store.ts';
import type { Invocation } from './invocation.ts';
import type { ArgsOf, OptionDefs } from './options.ts';
import type { Form, Reply } from './reply.ts';

export interface Caller {
  principal: string;
  name: string | null;
  role: Role | 'none';
}

/** Collaborators the commands need, built once in main.ts and passed down. */
export interface Deps {
  secrets: Secrets;
  /** True once a LiveKit server is configured; until then carriers show "sync disabled". */
  syncEnabled: boolean;
  /** The LiveKit sync, when configured. */
  sync?: SyncService;
  configAdmins: string[];
  /** Days without a new revision after which a rate card is flagged stale. */
  rateCardStaleDays: number;
  /** Health-check thresholds and alert settings (HEALTH_* / ALERT_*). */
  health: HealthSettings;
  now: () => Date;
  /** The command registry itself, for help. */
  commands: () => CommandSpec[];
}

export type AuditInput = Omit<AuditEntry, 'actorPlatform' | 'actorId' | 'actorName' | 'channel'>;

export interface CommandContext {
  invocation: Invocation;
  caller: Caller;
  /** Bound to the command's transaction when the action writes. */
  store: Store;
  deps: Deps;
  /** Records an audit entry; written in the same transaction as the change. */
  audit(entry: AuditInput): void;
  /**
   * Queues carriers for a LiveKit sync once this command's changes are committed (the reply does not wait for
   * it). Called with no ids it only wakes the worker (e.g. after queueing the cleanup of a deleted carrier).
   */
  requestSync(carrierIds: string[]): void;
  /** Tells the caller how far a long-running command got; cheap to call often (adapters debounce). */
  progress(text: string): void;
}

export interface ConfirmSpec {
  title: string;
  text: string;
  confirmLabel: string;
  /** Option values the confirmed run gets on top of what was typed (e.g. a staged upload instead of the file). */
  args?: Record<string, string>;
}

export interface ActionSpec<O extends OptionDefs = OptionDefs> {
  name: string;
  description: string;
  /** The least role that may run it. */
  role: Role;
  /** Writes something: runs in a transaction and must audit. */
  mutates: boolean;
  options: O;
  /** The form to show when an interactive caller leaves required fields out, or asks for it. */
  form?: (ctx: CommandContext, raw: Record<string, string>) => Promise<Form>;
  /** Asked before the handler runs, unless the invocation carries confirm=yes. */
  confirm?: (ctx: CommandContext, args: ArgsOf<O>) => Promise<ConfirmSpec>;
  handler: (ctx: CommandContext, args: ArgsOf<O>) => Promise<Reply>;
}

export interface GroupSpec {
  name: string;
  description: string;
  actions: ActionSpec[];
}

export interface CommandSpec {
  name: string;
  description: string;
  /** A command runs either one action itself (help, audit) or has subcommands (and subcommand groups). */
  run?: ActionSpec;
  actions?: ActionSpec[];
  groups?: GroupSpec[];
}

export function defineAction<O extends OptionDefs>(spec: ActionSpec<O>): ActionSpec {
  return spec as unknown as ActionSpec;
}

export function defineCommand(spec: CommandSpec): CommandSpec {
  const names = [...(spec.actions ?? []).map((a) => a.name), ...(spec.groups ?? []).map((g) => g.name)];
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new Error(`command ${spec.name}: subcommand ${dup} is defined twice`);
  if (spec.run && names.length) throw new Error(`command ${spec.name}: has both run and subcommands`);
  return spec;
}

export interface ResolvedAction {
  path: string[];
  action: ActionSpec;
}

/** Every runnable action with its full path, in registry order. */
export function listActions(commands: CommandSpec[]): ResolvedAction[] {
  const out: ResolvedAction[] = [];
  for (const c of commands) {
    if (c.run) out.push({ path: [c.name], action: c.run });
    for (const a of c.actions ?? []) out.push({ path: [c.name, a.name], action: a });
    for (const g of c.groups ?? []) for (const a of g.actions) out.push({ path: [c.name, g.name, a.name], action: a });
  }
  return out;
}

/** Finds the action for the longest matching path prefix of `words`; returns how many words it used. */
export function findAction(
  commands: CommandSpec[],
  words: string[],
): { match: ResolvedAction; used: number } | { command?: CommandSpec; used: number } {
  const [first, second, third] = words.map((w) => w.toLowerCase());
  const command = commands.find((c) => c.name === first);
  if (!command) return { used: 0 };
  if (command.run) return { match: { path: [command.name], action: command.run }, used: 1 };
  const group = command.groups?.find((g) => g.name === second);
  if (group) {
    const a = group.actions.find((x) => x.name === third);
    return a ? { match: { path: [command.name, group.name, a.name], action: a }, used: 3 } : { command, used: 2 };
  }
  const a = command.actions?.find((x) => x.name === second);
  return a ? { match: { path: [command.name, a.name], action: a }, used: 2 } : { command, used: 1 };
}
