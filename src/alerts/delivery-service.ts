// Wires the alert delivery worker to the platforms that run: a sender for Slack when its token is set, one for
// Discord on the running client's REST. With neither there is nothing to deliver to (the console).
import type { REST } from 'discord.js';
import type { AlertsConfig, SlackConfig } from '../config.ts';
import { findAction, type CommandSpec } from '../core/runtime/command.ts';
import { createInteractionStates } from '../core/runtime/interaction-state.ts';
import type { Secrets } from '../core/secrets.ts';
import type { Store } from '../core/store.ts';
import type { Logger } from '../logger.ts';
import { createDeliveryWorker, type DeliveryWorker, type DeliveryWorkerOptions } from './deliver.ts';
import { createDiscordSender } from './discord-sender.ts';
import type { RenderOptions } from './render.ts';
import type { AlertSender } from './sender.ts';
import { createSlackSender } from './slack-sender.ts';

export interface AlertDeliveryOptions {
  config: AlertsConfig;
  store: Store;
  logger: Logger;
  commands: CommandSpec[];
  secrets: Secrets;
  slack?: Pick<SlackConfig, 'botToken' | 'apiUrl'>;
  /** The running Discord client's REST (its queue and rate-limit handling are shared with the adapter). */
  discord?: { rest: REST };
  now?: () => Date;
  /** Worker tuning beyond the config (tests). */
  tuning?: Pick<DeliveryWorkerOptions, 'leaseMs' | 'batch' | 'threadBatch' | 'unconfiguredCheckMs'>;
}

export function createAlertDelivery(o: AlertDeliveryOptions): DeliveryWorker | undefined {
  const senders: Partial<Record<AlertSender['platform'], AlertSender>> = {};
  if (o.slack) senders.slack = createSlackSender({ config: o.slack, logger: o.logger, now: o.now });
  if (o.discord) senders.discord = createDiscordSender({ rest: o.discord.rest, commands: o.commands, states: createInteractionStates(o.store, o.secrets, o.now), now: o.now });
  if (!Object.keys(senders).length) return undefined;
  return createDeliveryWorker({
    store: o.store,
    senders,
    logger: o.logger,
    now: o.now,
    stormThreshold: o.config.stormThreshold,
    editDebounceMs: o.config.editDebounceMs,
    intervalMs: o.config.deliveryIntervalMs,
    render: renderOptions(o.commands),
    ...o.tuning,
  });
}

/** What the alert buttons can offer depends on the commands there are (commands/alert.ts). */
export function renderOptions(commands: CommandSpec[]): RenderOptions {
  const snooze = findAction(commands, ['alert', 'snooze']);
  return { alertShow: 'match' in findAction(commands, ['alert', 'show']), snoozeForm: 'match' in snooze && Boolean(snooze.match.action.form) };
}
