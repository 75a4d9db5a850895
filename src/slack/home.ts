// The App Home tab: the carrier overview (sync state, numbers, auth) as the caller's role allows.
import type { Outcome } from '../core/runtime/reply.ts';
import { replyToMessage, type Block } from './blocks.ts';
import { slackDate } from './mrkdwn.ts';

const HOME_BLOCKS = 100;

export function homeView(outcome: Outcome, prefix: string, now: Date): { type: 'home'; blocks: Block[] } {
  const head: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: 'trunkops — carriers' } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `As of ${slackDate(now, 'full')}. Manage carriers with \`/${prefix}carrier\`, numbers with \`/${prefix}did\`; \`/${prefix}help\` lists every command.` }] },
  ];
  const body = outcome.type === 'reply' ? replyToMessage(outcome, now).blocks : [];
  return { type: 'home', blocks: [...head, { type: 'divider' }, ...body].slice(0, HOME_BLOCKS) };
}
