// npm run discord:register — registers (or updates) the slash commands from the command specs, with
// DISCORD_TOKEN and DISCORD_APPLICATION_ID; in the DISCORD_GUILD_IDS servers, else globally. Changes nothing
// when Discord already holds the same commands. Also prints the invite URL for the bot.
import { DiscordAPIError } from 'discord.js';
import { commands } from '../../commands/index.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { inviteUrl } from './invite.ts';
import { createRest, registerCommands } from './register.ts';

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 2;
  }
  if (!config.discord) {
    process.stderr.write('DISCORD_TOKEN and DISCORD_APPLICATION_ID: set both to register the commands (see README "Discord").\n');
    return 2;
  }
  try {
    for (const r of await registerCommands(createRest(config.discord), config.discord, commands)) {
      const where = r.scope === 'global' ? 'globally (may take up to an hour to appear)' : `in server ${r.scope}`;
      process.stdout.write(r.changed ? `Registered ${r.count} commands ${where}: ${r.differences.join(', ')}\n` : `${r.count} commands already registered ${where}; nothing changed\n`);
    }
  } catch (err) {
    if (!(err instanceof DiscordAPIError)) throw err;
    const hint =
      err.status === 401 ? 'DISCORD_TOKEN was refused: reset the token under Bot and copy it again'
      : err.code === 50001 ? 'the bot is not in that server: invite it first with the URL below'
      : err.message;
    process.stderr.write(`Discord refused the registration (HTTP ${err.status}, code ${err.code}): ${hint}\n`);
    process.stderr.write(`Invite URL: ${inviteUrl(config.discord.applicationId)}\n`);
    return 1;
  }
  process.stdout.write(`Invite URL (if the bot is not in the server yet): ${inviteUrl(config.discord.applicationId)}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`discord:register failed: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
