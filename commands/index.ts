// The command registry: every top-level command, listed once. Slack, Discord, help and the console read it.
import type { CommandSpec } from '../src/core/runtime/command.ts';
import { accessCommand } from './access.ts';
import { auditCommand } from './audit.ts';
import { botCommand } from './bot.ts';
import { carrierCommand } from './carrier.ts';
import { didCommand } from './did.ts';
import { helpCommand } from './help.ts';
import { lcrCommand, priceCommand } from './price.ts';
import { ratecardCommand } from './ratecard.ts';

export const commands: CommandSpec[] = [carrierCommand, didCommand, botCommand, ratecardCommand, priceCommand, lcrCommand, accessCommand, auditCommand, helpCommand];
