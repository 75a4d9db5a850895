// /help — the commands and their options, generated from the specs.
import { listActions, defineAction, defineCommand } from '../src/core/runtime/command.ts';
import { opt } from '../src/core/runtime/options.ts';
import { reply } from '../src/core/runtime/reply.ts';
import { UserError } from '../src/core/runtime/errors.ts';

const run = defineAction({
  name: 'help',
  description: 'List the commands, or explain one: help carrier add',
  role: 'viewer',
  mutates: false,
  options: { topic: opt.text({ label: 'Command', description: 'A command, e.g. "carrier add"', positional: true, max: 60 }) },
  handler: async (ctx, { topic }) => {
    const actions = listActions(ctx.deps.commands());
    if (!topic) {
      return reply({
        ephemeral: true,
        title: 'trunkops commands',
        table: { columns: ['Command', 'Role', 'What it does'], rows: actions.map((a) => [a.path.join(' '), a.action.role, a.action.description]) },
        footer: ['Options are name=value (quote values with spaces). `help <command>` explains one, e.g. `help carrier add`.'],
      });
    }
    const words = topic.toLowerCase().split(/\s+/);
    const matches = actions.filter((a) => words.every((w, i) => a.path[i] === w));
    if (!matches.length) throw new UserError(`No command "${topic}". Run \`help\` for the list.`);
    if (matches.length > 1 || matches[0]!.path.length > words.length + 1) {
      return reply({ ephemeral: true, title: topic, table: { columns: ['Command', 'Role', 'What it does'], rows: matches.map((a) => [a.path.join(' '), a.action.role, a.action.description]) } });
    }
    const { path, action } = matches[0]!;
    const options = Object.entries(action.options).filter(([, o]) => !o.hidden);
    const positional = options.filter(([, o]) => o.positional).map(([n, o]) => (o.required ? `<${n}>` : `[${n}]`));
    return reply({
      ephemeral: true,
      title: [path.join(' '), ...positional].join(' '),
      text: `${action.description}. Needs the ${action.role} role.`,
      table: options.length
        ? { columns: ['Option', 'Required', 'What to give'], rows: options.map(([n, o]) => [n, o.required ? 'yes' : 'no', o.description + (o.choices ? ` (${o.choices.join(' | ')})` : '')]) }
        : undefined,
    });
  },
});

export const helpCommand = defineCommand({ name: 'help', description: 'The commands and their options', run });
