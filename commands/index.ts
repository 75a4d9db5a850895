// The command registry: every top-level command, listed once. Slack, Discord, help and the console read it.
import type { CommandSpec } from '../src/core/runtime/command.ts';
import { accessCommand } from './access.ts';
import { alertCommand } from './alert.ts';
import { auditCommand } from './audit.ts';
import { botCommand } from './bot.ts';
import { callsCommand } from './calls.ts';
import { carrierCommand } from './carrier.ts';
import { didCommand } from './did.ts';
import { healthCommand } from './health.ts';
import { helpCommand } from './help.ts';
import { lcrCommand, priceCommand } from './price.ts';
import { ratecardCommand } from './ratecard.ts';

export const commands: CommandSpec[] = [carrierCommand, didCommand, botCommand, ratecardCommand, priceCommand, lcrCommand, callsCommand, healthCommand, alertCommand, accessCommand, auditCommand, helpCommand];
