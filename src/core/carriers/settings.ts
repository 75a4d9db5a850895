// Turns resolved field values into carrier settings — defaults for a new carrier, the current values on edit —
// and applies the rules that span fields. Pure: no store, no clock.
import type { FieldIssue } from '../runtime/errors.ts';
import type { Carrier, CarrierSettings, CarrierStatus, InboundAuth, Transport } from '../store.ts';
import { CARRIER_FIELDS, carrierField } from './fields.ts';

/** Resolved values by field name: undefined = not given, null = given blank (clear it). */
export type CarrierValues = Partial<Record<string, unknown>>;

export const DEFAULT_SETTINGS: Omit<CarrierSettings, 'name' | 'sipAddress'> = {
  transport: 'auto',
  destinationCountry: null,
  status: 'active',
  currency: 'USD',
  username: null,
  passwordEnc: null,
  inboundAuth: 'digest',
  allowedIps: [],
  cps: 1,
  burst: 1,
  channels: 30,
  preRingTimeout: 30,
  postRingTimeout: 30,
  techPrefix: null,
  stripDigits: 0,
  prefixDigits: null,
  notes: null,
  healthFailureThreshold: null,
  healthIgnoredCodes: null,
  healthAsrFloor: null,
  healthAsrMinAttempts: null,
};

export interface SettingsResult {
  settings: CarrierSettings;
  issues: FieldIssue[];
  /** The password the caller typed, to be sealed by the caller once the carrier id is known. */
  newPassword: string | null;
  passwordCleared: boolean;
}

/**
 * Merges values over `current` (edit) or the defaults (add). A blank password keeps the current one;
 * `clearPassword` removes it.
 */
export function buildSettings(values: CarrierValues, current: Carrier | null, clearPassword = false): SettingsResult {
  const base: CarrierSettings = current ?? { name: '', sipAddress: '', ...DEFAULT_SETTINGS };
  const pick = <T>(name: string, fallback: T, whenBlank: T): T => {
    const v = values[name];
    if (v === undefined) return fallback;
    if (v === null) return whenBlank;
    return v as T;
  };
  const d = DEFAULT_SETTINGS;
  const issues: FieldIssue[] = [];
  const settings: CarrierSettings = {
    name: pick('name', base.name, ''),
    sipAddress: pick('sip_address', base.sipAddress, ''),
    transport: pick<Transport>('transport', base.transport, d.transport),
    destinationCountry: pick('destination_country', base.destinationCountry, null),
    status: pick<CarrierStatus>('status', base.status, d.status),
    currency: pick('currency', base.currency, d.currency),
    username: pick('username', base.username, null),
    passwordEnc: clearPassword ? null : base.passwordEnc,
    inboundAuth: pick<InboundAuth>('inbound_auth', base.inboundAuth, d.inboundAuth),
    allowedIps: pick('allowed_ips', base.allowedIps, []),
    cps: pick('cps', base.cps, d.cps),
    burst: pick('burst', base.burst, d.burst),
    channels: pick('channels', base.channels, d.channels),
    preRingTimeout: pick('pre_ring_timeout', base.preRingTimeout, d.preRingTimeout),
    postRingTimeout: pick('post_ring_timeout', base.postRingTimeout, d.postRingTimeout),
    techPrefix: pick('tech_prefix', base.techPrefix, null),
    stripDigits: pick('strip_digits', base.stripDigits, d.stripDigits),
    prefixDigits: pick('prefix_digits', base.prefixDigits, null),
    notes: pick('notes', base.notes, null),
    healthFailureThreshold: pick('health_failure_threshold', base.healthFailureThreshold, null),
    healthIgnoredCodes: pick('health_ignored_codes', base.healthIgnoredCodes, null),
    healthAsrFloor: pick('health_asr_floor', base.healthAsrFloor, null),
    healthAsrMinAttempts: pick('health_asr_min_attempts', base.healthAsrMinAttempts, null),
  };
  const typed = values.password;
  const newPassword = typeof typed === 'string' && typed !== '' ? typed : null;
  if (clearPassword && newPassword) issue(issues, 'password', 'give a new password or clear_password=yes, not both');

  if (!settings.name) issue(issues, 'name', 'required: cannot be empty');
  if (!settings.sipAddress) issue(issues, 'sip_address', 'required: use host or host:port, e.g. sip.example.com:5060');
  const hasPassword = newPassword !== null || settings.passwordEnc !== null;
  if (hasPassword && !settings.username) issue(issues, 'username', 'required when a password is set (digest auth needs both)');
  if (settings.username && !hasPassword) issue(issues, 'password', `required when a username is set (digest auth needs both)`);
  if (settings.inboundAuth === 'ip_allowlist' && settings.allowedIps.length === 0) {
    issue(issues, 'allowed_ips', 'add at least one IP or CIDR when inbound authentication is ip_allowlist');
  }
  return { settings, issues, newPassword, passwordCleared: clearPassword && !!base.passwordEnc };
}

function issue(issues: FieldIssue[], field: string, message: string): void {
  if (issues.some((i) => i.field === field)) return;
  issues.push({ field, label: carrierField(field).label, message });
}

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase());

/** What the audit log keeps of a carrier: every setting by its field name, the password only as set / not set / changed. */
export function carrierAuditView(c: CarrierSettings, passwordChanged = false): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const f of CARRIER_FIELDS) {
    view[f.name] = f.name === 'password' ? (passwordChanged ? 'changed' : c.passwordEnc ? 'set' : 'not set') : c[camel(f.name) as keyof CarrierSettings];
  }
  return view;
}
