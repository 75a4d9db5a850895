// Starting the Slack adapter with a token Slack refuses fails at once, naming the variable to fix.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { startSlack } from '../../src/slack/adapter.ts';
import { BOT_TOKEN, startFakeSlack, type FakeSlack } from '../fakes/slack.ts';

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(() => fake.close());

const logger = createLogger({ logLevel: 'silent' }, new Writable({ write: (_c, _e, cb) => cb() }));
const start = (botToken: string, appToken?: string) =>
  startSlack({ config: { botToken, appToken, signingSecret: appToken ? undefined : 'ab'.repeat(16), apiUrl: fake.apiUrl, commandPrefix: '' }, dispatcher: {} as never, commands: [], store: {} as never, logger, uploadMaxBytes: 1 });

it.each([
  ['SLACK_BOT_TOKEN', 'xoxb-1-wrong', undefined],
  ['SLACK_APP_TOKEN', BOT_TOKEN, 'xapp-1-wrong'],
])('names %s when Slack refuses it', async (name, bot, app) => {
  await expect(start(bot, app)).rejects.toThrow(new RegExp(`Slack refused ${name} \\(invalid_auth\\)`));
});
