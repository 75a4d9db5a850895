// The neutral request every adapter builds from a slash command, button, modal submission or console line.

export type Platform = 'console' | 'slack' | 'discord';

/** A file handed to a command: a Slack upload, a Discord attachment, a path read by the console. */
export interface Attachment {
  name: string;
  contentType?: string;
  data: Buffer;
}

export interface Invocation {
  platform: Platform;
  user: {
    /** Namespaced id: `slack:U0123`, `discord:8035…`, `console:local`. */
    id: string;
    name?: string;
    /** Namespaced group ids the user belongs to: `slack-group:S01`, `discord-role:1234`. */
    groups: string[];
  };
  /** Where the command was run (channel id), for the audit log. */
  channel?: string;
  /** Command path, e.g. ['carrier', 'contacts', 'add']. */
  path: string[];
  /** Raw option values by snake_case name, exactly as typed. */
  args: Record<string, string>;
  /** Bare words after the command path, mapped onto the action's positional options in order. */
  positionals: string[];
  /** Files by the name of the option they answer (`did import … file=`), already downloaded and size-checked. */
  attachments?: Record<string, Attachment>;
  /**
   * The adapter can show a form now (a slash command, button or console prompt — not a form submission):
   * missing required fields, or only the target given (`carrier edit Acme`), open the form instead of failing.
   */
  interactive: boolean;
  /** Open the form even when every required field is given (an Edit button). */
  wantForm?: boolean;
  /** Where a long-running command reports how far it got (an import); adapters debounce the messages. */
  progress?: (text: string) => void;
  /** The platform payload, for adapters' own use. */
  raw?: unknown;
}
