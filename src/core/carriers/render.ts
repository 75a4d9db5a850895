// Carrier replies: the list (as in the reference console) and the detail card with its sync banner and numbers.
import { MASK } from '../secrets.ts';
import { reply, type Reply, type ReplyButton, type Tone } from '../runtime/reply.ts';
import { timeToken } from '../runtime/time.ts';
import type { Carrier, CarrierListItem, Contact, DidView } from '../store.ts';
import { CARRIER_FIELDS, CARRIER_SECTIONS } from './fields.ts';

const DASH = '—';

export function authBadges(c: Pick<Carrier, 'passwordEnc' | 'allowedIps'>): string {
  const badges = [c.passwordEnc ? 'Password' : null, c.allowedIps.length ? 'IP' : null].filter(Boolean);
  return badges.length ? badges.join(' · ') : DASH;
}

export function pacing(c: Pick<Carrier, 'cps' | 'burst'>): string {
  return `${c.cps}/s · burst ${c.burst}`;
}

export function syncLabel(c: Pick<Carrier, 'syncStatus'>, syncEnabled: boolean): string {
  return syncEnabled ? c.syncStatus : 'sync disabled';
}

export function syncBanner(c: Carrier, syncEnabled: boolean): { tone: Tone; text: string } {
  if (!syncEnabled) return { tone: 'info', text: 'LiveKit sync disabled: no LiveKit server is configured, so nothing is pushed yet' };
  const note = c.syncNote ? ` (${c.syncNote})` : '';
  if (c.syncStatus === 'synced') {
    return { tone: c.syncNote ? 'warn' : 'ok', text: `LiveKit synced${c.lastSyncedAt ? ` ${timeToken(c.lastSyncedAt)}` : ''}${note}` };
  }
  if (c.syncStatus === 'error') {
    const next = c.syncDueAt
      ? ` Retrying ${timeToken(c.syncDueAt)} (attempt ${c.syncAttempts + 1}).`
      : ` Not retried: fix the carrier and save it, or run \`carrier sync ${c.name}\`.`;
    return { tone: 'error', text: `Sync failed: ${c.syncError ?? 'unknown error'}.${next}` };
  }
  if (c.syncNote && !c.syncDueAt) return { tone: 'warn', text: `Sync pending: ${c.syncNote}` };
  return { tone: 'info', text: 'Sync pending: queued for LiveKit' };
}

export function carrierListReply(items: CarrierListItem[], search: string | undefined, syncEnabled: boolean): Reply {
  const addButton: ReplyButton = { label: 'Add carrier', style: 'primary', action: { path: ['carrier', 'add'], args: {} } };
  const guideButton: ReplyButton = { label: 'Guide', action: { path: ['carrier', 'guide'], args: {} } };
  if (items.length === 0) {
    return reply({
      title: search ? `No carriers match "${search}"` : 'No carriers yet',
      text: search
        ? 'The search matches carrier names and SIP addresses, ignoring case.'
        : 'A carrier is the SIP provider that carries your calls. Add the first one with\n`carrier add name="Primary trunk" sip_address=sip.example.com:5060`\nor open `carrier guide` to map your provider\'s trunk sheet onto the fields.',
      buttons: search ? [] : [addButton, guideButton],
    });
  }
  return reply({
    title: search ? `Carriers matching "${search}" (${items.length})` : `Carriers (${items.length})`,
    table: {
      columns: ['Name', 'SIP address', 'Auth', 'DIDs', 'CPS', 'LiveKit', 'Last synced'],
      rows: items.map((c) => [
        c.name,
        c.sipAddress,
        authBadges(c),
        String(c.didCount),
        pacing(c),
        syncLabel(c, syncEnabled),
        c.lastSyncedAt ? timeToken(c.lastSyncedAt) : DASH,
      ]),
      mono: [1],
    },
    buttons: [addButton, guideButton],
  });
}

/**
 * The detail card: every field by section, the sync banner, LiveKit ids, numbers and contacts. `defaults`: what a
 * blank optional field means (the health-check overrides fall back to the HEALTH_* settings), shown as "default (…)".
 */
export function carrierCardReply(c: Carrier, numbers: DidView[], contacts: Contact[], syncEnabled: boolean, defaults: Record<string, string> = {}): Reply {
  const drift = syncEnabled && c.driftAt && c.driftNote ? [`Reconcile repaired drift on LiveKit ${timeToken(c.driftAt)}: ${c.driftNote}`] : [];
  const fields = CARRIER_SECTIONS.flatMap((s) =>
    CARRIER_FIELDS.filter((f) => f.section === s.id).map((f) => ({
      label: f.label,
      value: f.name === 'password' ? (c.passwordEnc ? MASK : DASH) : f.current(c) || (defaults[f.name] ? `default (${defaults[f.name]})` : DASH),
      inline: f.type !== 'textarea',
    })),
  );
  fields.push(
    { label: 'LiveKit outbound trunk', value: c.outboundTrunkId ?? DASH, inline: true },
    { label: 'LiveKit inbound trunk', value: c.inboundTrunkId ?? DASH, inline: true },
    { label: 'Contacts', value: contacts.length ? contacts.map((x) => `${x.name} (${x.role})`).join(', ') : DASH, inline: false },
  );
  const ref = { carrier: c.name };
  return reply({
    ephemeral: true,
    title: c.name,
    banner: syncBanner(c, syncEnabled),
    fields,
    table: numbers.length
      ? syncEnabled
        ? { columns: ['Number', 'Label', 'Direction', 'Assigned bot', 'Dispatch rule'], rows: numbers.map((d) => [...didRow(d), d.dispatchRuleId ?? DASH]), mono: [0, 4] }
        : { columns: ['Number', 'Label', 'Direction', 'Assigned bot'], rows: numbers.map(didRow), mono: [0] }
      : undefined,
    footer: [...drift, ...(numbers.length ? [] : ['No phone numbers added yet. Use Add number (`did add carrier=… number=…`).'])],
    buttons: [
      { label: 'Edit', action: { path: ['carrier', 'edit'], args: ref } },
      ...(syncEnabled ? [{ label: 'Sync', action: { path: ['carrier', 'sync'], args: ref } }] : []),
      { label: 'Add number', action: { path: ['did', 'add'], args: ref } },
      { label: 'Delete', style: 'danger', action: { path: ['carrier', 'delete'], args: ref } },
    ],
  });
}

export function didRow(d: DidView): string[] {
  return [d.number, d.label ?? DASH, d.direction, botLabel(d)];
}

export function botLabel(d: DidView): string {
  if (d.botMissing) return 'Bot not found';
  if (d.direction === 'outbound') return 'n/a (outbound)';
  return d.botName ?? 'None';
}
