// The OAuth2 URL that adds the bot to a server: the bot and applications.commands scopes, and only the
// permissions trunkops uses (see README "Discord").
import { OAuth2Scopes, PermissionFlagsBits } from 'discord.js';

/** View channels, send messages, embed links, attach files (charts), read history, and threads for alert history. */
export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory;

export function inviteUrl(applicationId: string): string {
  const q = new URLSearchParams({ client_id: applicationId, scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '), permissions: BOT_PERMISSIONS.toString(), integration_type: '0' });
  return `https://discord.com/oauth2/authorize?${q.toString()}`;
}
