// npm run slack:manifest [-- --url https://bot.example.com] [--prefix trunk-] [--name trunkops]
// Prints the Slack app manifest (JSON) to paste into https://api.slack.com/apps → Create New App → From a manifest.
import { parseArgs } from 'node:util';
import { commands } from '../../commands/index.ts';
import { buildManifest } from './manifest.ts';

const { values } = parseArgs({ options: { url: { type: 'string' }, prefix: { type: 'string' }, name: { type: 'string' } } });
if (values.url && !/^https:\/\//.test(values.url)) {
  process.stderr.write('--url: Slack only calls https:// request URLs, e.g. --url https://trunkops.example.com\n');
  process.exit(2);
}
if (values.prefix !== undefined && !/^[a-z0-9_-]{0,16}$/.test(values.prefix)) {
  process.stderr.write('--prefix: use up to 16 lower-case letters, digits, - or _ (and set SLACK_COMMAND_PREFIX to the same)\n');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(buildManifest(commands, values), null, 2)}\n`);
