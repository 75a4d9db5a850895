// The carrier's fields, once: label, section, default, hint and resolver. Forms, options and help all come from here.
import type { Carrier } from '../store.ts';
import type { Resolved } from '../runtime/resolved.ts';
import type { FieldType, FormSection } from '../runtime/reply.ts';
import { opt, type OptionDef } from '../runtime/options.ts';
import { DEFAULT_IGNORED_CODES } from '../health/classify.ts';
import { resolveIpList, resolveSipAddress } from '../validation/network.ts';
import { resolveAsrFloor, resolveAsrMinAttempts, resolveFailureThreshold, resolveIgnoredCodes } from '../validation/health.ts';
import {
  resolveCountry,
  resolveCps,
  resolveCurrency,
  resolveFreeText,
  resolveName,
  resolvePrefixDigits,
  resolveSipPassword,
  resolveSipUsername,
  resolveTechPrefix,
} from '../validation/fields.ts';

export interface FieldDef {
  name: string;
  label: string;
  section: string;
  type: FieldType;
  required: boolean;
  description: string;
  /** Default for a new carrier, as typed. */
  default?: string;
  hint?: string;
  placeholder?: string;
  choices?: { value: string; label: string }[];
  resolve: (raw: string) => Resolved<unknown>;
  /** The current value as a form would show it (never the password). */
  current: (c: Carrier) => string;
}

export const CARRIER_SECTIONS: FormSection[] = [
  { id: 'connection', title: 'Connection', description: 'Where to reach the carrier.' },
  { id: 'authentication', title: 'Authentication', description: 'Outbound digest credentials; inbound by the same credentials or an IP allowlist.' },
  { id: 'pacing', title: 'Pacing', description: "Keep within the carrier's contract: dialling above its CPS or channel limit gets calls rejected." },
  { id: 'routing', title: 'Routing and account', description: 'Number translation, ring timeouts, status and billing currency.' },
  { id: 'health', title: 'Health checks', description: "Alert thresholds for this carrier; leave blank to use the defaults (the HEALTH_* settings)." },
];

const intField = (min: number, max: number, label: string) =>
  opt.integer({ min, max, label, description: '' }).resolve;

const str = (v: string | null | undefined) => v ?? '';
const numStr = (v: number | null) => (v === null ? '' : String(v));

/** Health-check overrides: blank means the configured default (carrier show says which). */
const HEALTH_FIELDS: FieldDef[] = [
  { name: 'health_failure_threshold', label: 'Failure threshold', section: 'health', type: 'number', required: false, description: 'Consecutive failures that open an alert, 1–100000', hint: 'Whole number 1–100000; blank uses HEALTH_FAILURE_THRESHOLD', resolve: resolveFailureThreshold, current: (c) => numStr(c.healthFailureThreshold) },
  { name: 'health_ignored_codes', label: 'Ignored SIP codes', section: 'health', type: 'list', required: false, description: 'SIP codes that neither count nor reset the failure run, e.g. 486,480, or none', placeholder: DEFAULT_IGNORED_CODES.join(', '), hint: `Comma-separated 3-digit codes 100–699, or none; blank uses the default ${DEFAULT_IGNORED_CODES.join(', ')}`, resolve: resolveIgnoredCodes, current: (c) => (c.healthIgnoredCodes === null ? '' : c.healthIgnoredCodes.length ? c.healthIgnoredCodes.join(', ') : 'none') },
  { name: 'health_asr_floor', label: 'ASR floor (%)', section: 'health', type: 'number', required: false, description: 'ASR floor in percent, 0–100 (0: off)', hint: 'Whole percent 0–100 (0 turns the ASR check off); blank uses HEALTH_ASR_FLOOR', resolve: resolveAsrFloor, current: (c) => numStr(c.healthAsrFloor) },
  { name: 'health_asr_min_attempts', label: 'ASR min. attempts', section: 'health', type: 'number', required: false, description: 'Attempts in the window before ASR is judged, 1–1000000', hint: 'Whole number 1–1000000; blank uses HEALTH_ASR_MIN_ATTEMPTS', resolve: resolveAsrMinAttempts, current: (c) => numStr(c.healthAsrMinAttempts) },
];

export const CARRIER_FIELDS: FieldDef[] = [
  { name: 'name', label: 'Name', section: 'connection', type: 'text', required: true, description: 'Display name, unique (e.g. "Primary trunk — IN")', placeholder: 'Primary trunk — IN', resolve: resolveName(100), current: (c) => c.name },
  { name: 'sip_address', label: 'SIP address', section: 'connection', type: 'text', required: true, description: 'Trunk endpoint host[:port], no sip: prefix', placeholder: 'sip.example.com:5060', hint: 'Host or IP with an optional :port, e.g. sip.example.com:5060 or 203.0.113.10:5062', resolve: resolveSipAddress, current: (c) => c.sipAddress },
  { name: 'transport', label: 'Transport', section: 'connection', type: 'select', required: false, default: 'auto', description: 'auto, udp, tcp or tls', choices: [{ value: 'auto', label: 'Auto' }, { value: 'udp', label: 'UDP' }, { value: 'tcp', label: 'TCP' }, { value: 'tls', label: 'TLS' }], resolve: opt.choice({ label: 'Transport', description: '', choices: ['auto', 'udp', 'tcp', 'tls'] as const }).resolve, current: (c) => c.transport },
  { name: 'destination_country', label: 'Destination country', section: 'connection', type: 'text', required: false, description: 'Country served: code (US, IN, GB) or name', placeholder: 'US', resolve: resolveCountry, current: (c) => str(c.destinationCountry) },
  { name: 'username', label: 'Username (outbound)', section: 'authentication', type: 'text', required: false, description: 'SIP digest username for outbound calls', placeholder: 'Optional', hint: 'Used for outbound digest auth', resolve: resolveSipUsername, current: (c) => str(c.username) },
  { name: 'password', label: 'Password (outbound)', section: 'authentication', type: 'secret', required: false, description: 'SIP digest password for outbound calls (stored encrypted, never shown)', placeholder: 'Optional', hint: 'Stored encrypted and never shown again. On edit, leave blank to keep the current password.', resolve: resolveSipPassword, current: () => '' },
  { name: 'inbound_auth', label: 'Inbound authentication', section: 'authentication', type: 'select', required: false, default: 'digest', description: 'digest (same credentials as outbound) or ip_allowlist', choices: [{ value: 'digest', label: 'Use same credentials as outbound (digest)' }, { value: 'ip_allowlist', label: 'IP allowlist (no credentials)' }], hint: "Choose IP allowlist if your provider doesn't send digest credentials on inbound calls", resolve: opt.choice({ label: 'Inbound authentication', description: '', choices: ['digest', 'ip_allowlist'] as const }).resolve, current: (c) => c.inboundAuth },
  { name: 'allowed_ips', label: 'Allowed IPs', section: 'authentication', type: 'list', required: false, description: 'IPs or CIDRs inbound calls come from, comma-separated (for ip_allowlist)', placeholder: '192.0.2.10, 198.51.100.0/24', hint: "The carrier's signalling IPs; required when inbound authentication is IP allowlist", resolve: resolveIpList, current: (c) => c.allowedIps.join(', ') },
  { name: 'cps', label: 'Outbound CPS', section: 'pacing', type: 'number', required: false, default: '1', description: 'Max new calls per second, 0.1–100 (default 1)', hint: '0.1–100 new calls per second', resolve: resolveCps, current: (c) => String(c.cps) },
  { name: 'burst', label: 'Outbound burst', section: 'pacing', type: 'number', required: false, default: '1', description: 'Max calls in a spike above CPS, 1–1000 (default 1)', hint: 'Whole number 1–1000', resolve: intField(1, 1000, 'Outbound burst'), current: (c) => String(c.burst) },
  { name: 'channels', label: 'Outbound channels', section: 'pacing', type: 'number', required: false, default: '30', description: 'Max concurrent calls, 1–500 (default 30)', hint: 'Whole number 1–500', resolve: intField(1, 500, 'Outbound channels'), current: (c) => String(c.channels) },
  { name: 'tech_prefix', label: 'Tech prefix', section: 'routing', type: 'text', required: false, description: 'Sent before the number, e.g. 4455#', resolve: resolveTechPrefix, current: (c) => str(c.techPrefix) },
  { name: 'strip_digits', label: 'Digits to strip', section: 'routing', type: 'number', required: false, default: '0', description: 'Leading digits removed from the dialled number, 0–20', resolve: intField(0, 20, 'Digits to strip'), current: (c) => String(c.stripDigits) },
  { name: 'prefix_digits', label: 'Prefix to add', section: 'routing', type: 'text', required: false, description: 'Digits added in front after stripping, e.g. 1 or +44', resolve: resolvePrefixDigits, current: (c) => str(c.prefixDigits) },
  { name: 'pre_ring_timeout', label: 'Pre-ring timeout (s)', section: 'routing', type: 'number', required: false, default: '30', description: 'Seconds to wait for ringing, 1–300 (default 30)', resolve: intField(1, 300, 'Pre-ring timeout'), current: (c) => String(c.preRingTimeout) },
  { name: 'post_ring_timeout', label: 'Post-ring timeout (s)', section: 'routing', type: 'number', required: false, default: '30', description: 'Seconds to answer once ringing, 1–300 (default 30)', resolve: intField(1, 300, 'Post-ring timeout'), current: (c) => String(c.postRingTimeout) },
  { name: 'status', label: 'Status', section: 'routing', type: 'select', required: false, default: 'active', description: 'active, inactive or pending', choices: [{ value: 'active', label: 'Active' }, { value: 'inactive', label: 'Inactive' }, { value: 'pending', label: 'Pending approval' }], resolve: opt.choice({ label: 'Status', description: '', choices: ['active', 'inactive', 'pending'] as const }).resolve, current: (c) => c.status },
  { name: 'currency', label: 'Currency', section: 'routing', type: 'text', required: false, default: 'USD', description: 'Billing currency, ISO 4217 (default USD)', resolve: resolveCurrency, current: (c) => c.currency },
  { name: 'notes', label: 'Notes', section: 'routing', type: 'textarea', required: false, description: 'Free text for the NOC, up to 1000 characters', resolve: resolveFreeText(1000), current: (c) => str(c.notes) },
  ...HEALTH_FIELDS,
];

export const carrierField = (name: string): FieldDef => {
  const f = CARRIER_FIELDS.find((x) => x.name === name);
  if (!f) throw new Error(`unknown carrier field ${name}`);
  return f;
};

/**
 * Every carrier field as a command option (all optional on edit). The health overrides are hidden options: typed on
 * the console and in Slack (`carrier edit Acme health_asr_floor=15`) and set in the form everywhere, but not registered
 * as Discord options — Discord caps a command at 4,000 characters of names and descriptions, and /carrier is near it.
 */
export function carrierFieldOptions(requireIdentity: boolean): Record<string, OptionDef<unknown, boolean>> {
  const out: Record<string, OptionDef<unknown, boolean>> = {};
  for (const f of CARRIER_FIELDS) {
    out[f.name] = {
      kind: f.type === 'number' ? 'number' : 'string',
      label: f.label,
      description: f.description,
      required: requireIdentity && f.required,
      choices: f.choices?.map((c) => c.value),
      secret: f.type === 'secret',
      hidden: f.section === 'health' || undefined,
      resolve: f.resolve,
    };
  }
  return out;
}
