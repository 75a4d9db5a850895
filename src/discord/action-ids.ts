// Button custom ids for commands: Discord allows 100 characters, so the command a button runs is written into the
// id when it fits (`a|carrier edit|carrier=…`, `c|…` for a confirmation) and otherwise — or when it carries a
// secret — kept in sealed interaction state and referred to by id (`s|…`). The dispatcher checks the caller's
// role again when the button is pressed, so an id is a request, never a permission.
import { findAction, type CommandSpec } from '../core/runtime/command.ts';
import type { InteractionStates } from '../core/runtime/interaction-state.ts';
import type { ActionRef } from '../core/runtime/reply.ts';
import { LIMITS } from './render.ts';

export type ButtonKind = 'run' | 'confirm';

const STORED_TTL_MS = 7 * 24 * 3600_000;
/** Stored actions of public buttons can be pressed by anyone in the channel (the dispatcher decides). */
export const ANYONE = '*';

export interface DecodedAction {
  ref: ActionRef;
  kind: ButtonKind;
}

export function createActionIds(commands: CommandSpec[], states: InteractionStates) {
  const carriesSecret = (ref: ActionRef) => {
    const found = findAction(commands, ref.path);
    return 'match' in found && Object.entries(ref.args).some(([k, v]) => v && found.match.action.options[k]?.secret);
  };

  return {
    /** `owner` is the principal who may press a stored confirmation (its message is theirs alone). */
    async encode(ref: ActionRef, kind: ButtonKind, owner: string): Promise<string> {
      const inline = `${kind === 'run' ? 'a' : 'c'}|${ref.path.join(' ')}|${new URLSearchParams(ref.args).toString()}`;
      if (inline.length <= LIMITS.customId && !carriesSecret(ref)) return inline;
      const who = kind === 'confirm' || carriesSecret(ref) ? owner : ANYONE;
      const id = await states.save('action', who, { ref, kind }, STORED_TTL_MS);
      return `${who === ANYONE ? 's' : 'p'}|${id}`;
    },

    /** The action, or null when the id is not one of ours or its stored action has expired. */
    async decode(customId: string, presser: string): Promise<DecodedAction | null> {
      const [tag, a, b] = customId.split('|');
      if ((tag === 'a' || tag === 'c') && a && b !== undefined) {
        const args = Object.fromEntries(new URLSearchParams(b));
        const path = a.split(' ').filter(Boolean);
        return path.length ? { ref: { path, args }, kind: tag === 'a' ? 'run' : 'confirm' } : null;
      }
      if ((tag === 's' || tag === 'p') && a) return states.load<DecodedAction>(a, tag === 's' ? ANYONE : presser);
      return null;
    },
  };
}

export type ActionIds = ReturnType<typeof createActionIds>;
