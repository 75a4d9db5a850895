// The dispatcher: finds the action, checks the caller's role, resolves options, asks for a form or a
// confirmation when needed, runs the handler (in a transaction when it writes, with its audit entries)
// and turns every error into a reply. Adapters only translate to and from it.
import { randomBytes } from 'node:crypto';
import { atLeast, effectiveRole, type Role } from '../access/roles.ts';
import type { AuditEntry, Store } from '../store.ts';
import { findAction, type ActionSpec, type AuditInput, type Caller, type CommandContext, type CommandSpec, type Deps } from './command.ts';
import { ForbiddenError, UserError, ValidationError, type FieldIssue } from './errors.ts';
import type { Invocation } from './invocation.ts';
import { privateReply, type Outcome, type Reply } from './reply.ts';

export interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface DispatcherOptions {
  commands: CommandSpec[];
  store: Store;
  deps: Deps;
  logger: Logger;
  defaultRole: Role | 'none';
  /** Principals that are always admin: TRUNKOPS_ADMINS plus the local console user. */
  admins: string[];
  /** Told of every command handled (the metrics): the matched action path or `unknown`, how it ended, how long it took. */
  observe?: (e: HandledCommand) => void;
}

export interface HandledCommand {
  command: string;
  /** user_error: refused with a reason (bad input, not allowed, not found); error: failed unexpectedly (a ref was logged). */
  outcome: 'ok' | 'user_error' | 'error' | 'form' | 'confirm';
  ms: number;
}

export interface Dispatcher {
  dispatch(inv: Invocation): Promise<Outcome>;
  /** The caller's role, for adapters that hide what a caller cannot do. */
  callerFor(inv: Invocation): Promise<Caller>;
}

/** Option names every action accepts: the answer to a confirmation. */
const RESERVED = ['confirm'];

export function createDispatcher(opts: DispatcherOptions): Dispatcher {
  const { commands, store, deps, logger } = opts;

  async function callerFor(inv: Invocation): Promise<Caller> {
    const principals = [inv.user.id, ...inv.user.groups];
    const grants = await store.grants.find(principals);
    return { principal: inv.user.id, name: inv.user.name ?? null, role: effectiveRole(principals, grants, opts.admins, opts.defaultRole) };
  }

  async function run(inv: Invocation): Promise<Outcome> {
    const found = findAction(commands, inv.path);
    if (!('match' in found)) throw unknownCommand(found.command, inv.path);
    const { action, path } = found.match;
    const label = path.join(' ');
    const caller = await callerFor(inv);
    if (!atLeast(caller.role, action.role)) {
      throw new ForbiddenError(
        caller.role === 'none'
          ? `\`${label}\` needs the ${action.role} role, and you have no trunkops role yet. Ask an admin to run \`access grant principal=${inv.user.id} role=${action.role}\`.`
          : `\`${label}\` needs the ${action.role} role; you are ${caller.role}. Ask an admin if you need it.`,
      );
    }
    const raw = collectRaw(action, inv, label);
    const pending: AuditInput[] = [];
    const syncIds = new Set<string>();
    let syncWanted = false;
    const ctx: CommandContext = {
      invocation: inv,
      caller,
      store,
      deps,
      audit: (e) => pending.push(e),
      requestSync: (ids) => {
        syncWanted = true;
        for (const id of ids) syncIds.add(id);
      },
      progress: (t) => inv.progress?.(t),
    };

    const missingRequired = Object.entries(action.options).some(([k, o]) => o.required && !raw[k]?.trim());
    // A positional file (`calls import cdr.csv`) is the input itself, not a target whose form should open.
    const onlyTargetGiven = Object.keys(raw).every((k) => action.options[k]?.positional && action.options[k]?.kind !== 'attachment');
    if (action.form && inv.interactive && (inv.wantForm || missingRequired || onlyTargetGiven)) {
      return { type: 'form', form: await action.form(ctx, raw) };
    }
    const args = resolveArgs(action, raw, inv);
    if (action.confirm && raw.confirm?.toLowerCase() !== 'yes') {
      const { args: extra, ...c } = await action.confirm(ctx, args as never);
      return { type: 'confirm', ephemeral: true, ...c, action: { path, args: { ...raw, ...extra, confirm: 'yes' } } };
    }
    if (!action.mutates) {
      // Read-only actions may still record what they did (a sync run by hand) outside a transaction.
      const result = await action.handler(ctx, args as never);
      if (pending.length) await store.audit.insertMany(pending.map((e) => toAuditEntry(e, inv)));
      return result;
    }
    const result = await store.transaction(async (tx) => {
      const out = await action.handler({ ...ctx, store: tx }, args as never);
      if (pending.length) await tx.audit.insertMany(pending.map((e) => toAuditEntry(e, inv)));
      if (syncIds.size) await tx.sync.request([...syncIds], deps.now());
      return out;
    });
    // Committed: the sync runs after the reply, never inside the command's transaction.
    if (syncWanted) deps.sync?.kick();
    return result;
  }

  return {
    callerFor,
    async dispatch(inv) {
      const started = Date.now();
      let outcome: Outcome;
      let unexpected = false;
      try {
        outcome = await run(inv);
      } catch (err) {
        const found = findAction(commands, inv.path);
        unexpected = !(err instanceof UserError);
        outcome = errorReply(err, inv, logger, 'match' in found && found.match.action.mutates);
      }
      // Static message, ids in fields; option values are never logged (they may hold secrets).
      const result = outcome.type === 'reply' ? (outcome.tone === 'error' ? 'error' : 'ok') : outcome.type;
      logger.info({ command: inv.path.join(' '), platform: inv.platform, user: inv.user.id, result, ms: Date.now() - started }, 'command handled');
      if (opts.observe) {
        const found = findAction(commands, inv.path);
        // The matched path, never the words typed: metric labels stay a bounded set.
        const command = 'match' in found ? found.match.path.join(' ') : 'unknown';
        opts.observe({ command, outcome: unexpected ? 'error' : result === 'error' ? 'user_error' : result, ms: Date.now() - started });
      }
      return outcome;
    },
  };
}

function collectRaw(action: ActionSpec, inv: Invocation, label: string): Record<string, string> {
  const raw: Record<string, string> = {};
  const names = Object.keys(action.options);
  for (const [k, v] of Object.entries(inv.args)) {
    const key = k.toLowerCase().replace(/-/g, '_');
    if (!names.includes(key) && !RESERVED.includes(key)) {
      const visible = names.filter((n) => !action.options[n]!.hidden);
      throw new UserError(`\`${label}\` has no option "${k}". It takes: ${visible.join(', ') || 'no options'}.`);
    }
    raw[key] = v;
  }
  // A file answers its option by name; the file's name stands in as the raw value (for forms and required checks).
  for (const [name, a] of Object.entries(inv.attachments ?? {})) {
    if (action.options[name]?.kind !== 'attachment') throw new UserError(`\`${label}\` takes no file${name ? ` as "${name}"` : ''}.`);
    raw[name] = a.name;
  }
  const positional = names.filter((n) => action.options[n]!.positional && raw[n] === undefined);
  const words = [...inv.positionals];
  for (const name of positional) {
    if (!words.length) break;
    // The last positional option takes the rest of the words (a search with spaces, a reason).
    raw[name] = name === positional[positional.length - 1] ? words.splice(0).join(' ') : words.shift()!;
  }
  if (words.length) {
    const twice = names.find((n) => action.options[n]!.positional && inv.args[n] !== undefined);
    throw new UserError(
      twice
        ? `\`${label}\` got ${twice} twice: "${words.join(' ')}" and ${twice}=${inv.args[twice]}. Give it once.`
        : `\`${label}\` did not expect "${words.join(' ')}". Use name=value for options; see \`help ${label}\`.`,
    );
  }
  return raw;
}

function resolveArgs(action: ActionSpec, raw: Record<string, string>, inv: Invocation): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const issues: FieldIssue[] = [];
  for (const [name, o] of Object.entries(action.options)) {
    const v = raw[name];
    const attached = inv.attachments?.[name];
    if (o.file && attached) {
      const r = o.file.resolve(attached);
      if (r.ok) args[name] = r.value;
      else issues.push({ field: name, label: o.label, message: r.message });
      continue;
    }
    if (v === undefined || v.trim() === '') {
      if (o.required) issues.push({ field: name, label: o.label, message: 'required' + (o.description ? `: ${o.description}` : '') });
      // A secret typed blank means "keep the current one"; anything else typed blank means "clear it".
      else args[name] = v === undefined || o.secret ? undefined : null;
      continue;
    }
    const r = o.resolve(v);
    if (r.ok) args[name] = r.value;
    else issues.push({ field: name, label: o.label, message: r.message });
  }
  if (issues.length) throw new ValidationError(issues);
  return args;
}

function unknownCommand(command: CommandSpec | undefined, path: string[]): UserError {
  if (!command) return new UserError(`Unknown command "${path.join(' ')}". Run \`help\` to see the commands.`);
  const subs = [...(command.actions ?? []).map((a) => a.name), ...(command.groups ?? []).map((g) => g.name)];
  const given = path.slice(1).join(' ');
  return new UserError(
    `${given ? `\`${command.name}\` has no subcommand "${given}"` : `\`${command.name}\` needs a subcommand`}. Choose one of: ${subs.join(', ')}.`,
  );
}

function toAuditEntry(e: AuditInput, inv: Invocation): AuditEntry {
  return { ...e, actorPlatform: inv.platform, actorId: inv.user.id, actorName: inv.user.name ?? null, channel: inv.channel ?? null };
}

function errorReply(err: unknown, inv: Invocation, logger: Logger, writes: boolean): Reply {
  if (err instanceof UserError) {
    const text = writes && err.issues.length ? `${err.message}\nNothing was saved.` : err.message;
    return privateReply({ tone: 'error', text, issues: err.issues.length ? err.issues : undefined });
  }
  const ref = randomBytes(3).toString('hex');
  logger.error({ err, ref, command: inv.path.join(' '), platform: inv.platform, user: inv.user.id }, 'command failed');
  return privateReply({ tone: 'error', text: `Something went wrong (ref ${ref}). It has been logged; quote the ref when you report it.` });
}
