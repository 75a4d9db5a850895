// The carrier setup guide: how a provider's trunk sheet maps onto trunkops' fields, and recipes for common providers.
import { reply, type Reply } from '../runtime/reply.ts';

interface Recipe {
  key: string;
  name: string;
  steps: string[];
  example: string;
}

const MAPPING: [string, string][] = [
  ['SIP server, proxy, termination URI, gateway', 'sip_address — host[:port] only: drop "sip:", any user@ and ;parameters'],
  ['Protocol / transport, port 5061', 'transport (udp, tcp, tls; auto lets LiveKit choose); 5061 usually means tls'],
  ['SIP username, auth ID, account / SIP password, secret', 'username / password (outbound digest; stored encrypted, never shown)'],
  ['"Our signalling IPs", origination IPs', 'allowed_ips, with inbound_auth=ip_allowlist (signalling IPs only, not media)'],
  ['"We send credentials on inbound"', 'inbound_auth=digest (same credentials as outbound)'],
  ['Calls per second (CPS), burst', 'cps (0.1–100), burst (1–1000)'],
  ['Concurrent calls, channels, lines', 'channels (1–500)'],
  ['Tech prefix, routing prefix, account prefix', 'tech_prefix (digits, # and *)'],
  ['Dial format: national, 00 + country code, E.164', 'strip_digits and prefix_digits; check with `carrier dialplan`'],
  ['Ring timeout, PDD timeout', 'pre_ring_timeout / post_ring_timeout (seconds, default 30)'],
];

const RECIPES: Recipe[] = [
  {
    key: 'twilio',
    name: 'Twilio Elastic SIP Trunking',
    steps: [
      'In the Twilio console create a trunk; under Termination pick a Termination SIP URI, e.g. acme.pstn.twilio.com (regional forms such as acme.pstn.ashburn.twilio.com work too).',
      'Add a Credential List to the trunk: its username and password are trunkops\' username and password. Twilio forces a leading + on the caller number, so keep DIDs in E.164.',
      'Under Origination add your LiveKit SIP URI. Twilio does not send digest credentials on origination: use inbound_auth=ip_allowlist with the signalling ranges Twilio publishes for the edge locations you use.',
      'Twilio starts trunks at 1 CPS; raise cps only after Twilio raises your limit. Channels are not capped by Twilio, so set your contract\'s figure.',
    ],
    example: 'carrier add name="Twilio US" sip_address=acme.pstn.twilio.com transport=tls destination_country=US username=trunkops password=… inbound_auth=ip_allowlist allowed_ips=<Twilio signalling ranges> cps=1',
  },
  {
    key: 'telnyx',
    name: 'Telnyx SIP Trunking',
    steps: [
      'Create a SIP Connection of type Credentials: sip_address is sip.telnyx.com (5060 for UDP/TCP, 5061 for TLS), username and password are the connection\'s credentials.',
      'Attach an Outbound Voice Profile: its channel limit is your channels (above it Telnyx answers 403 "User channel limit exceeded"); its max destination rate also rejects calls.',
      'For inbound, point the connection (or an FQDN connection) at your LiveKit SIP URI and allow Telnyx\'s published signalling IPs with inbound_auth=ip_allowlist.',
      'If Telnyx asks for a tech prefix on an IP connection instead of credentials, put it in tech_prefix.',
    ],
    example: 'carrier add name=Telnyx sip_address=sip.telnyx.com:5061 transport=tls username=… password=… inbound_auth=ip_allowlist allowed_ips=<Telnyx signalling IPs> channels=30',
  },
  {
    key: 'vonage',
    name: 'Vonage (Programmable SIP)',
    steps: [
      'Outbound calls go to sip.nexmo.com; authenticate with your Vonage API key as username and API secret as password.',
      'Numbers are in E.164 without dialling prefixes; leave strip_digits at 0 unless your dialler adds one.',
      'For inbound, set each number\'s forwarding to your LiveKit SIP URI and allow Vonage\'s documented SIP IP ranges with inbound_auth=ip_allowlist.',
    ],
    example: 'carrier add name=Vonage sip_address=sip.nexmo.com transport=tcp username=<api key> password=<api secret> inbound_auth=ip_allowlist allowed_ips=<Vonage ranges>',
  },
  {
    key: 'ip-carrier',
    name: 'Wholesale carrier with IP authentication',
    steps: [
      'Send the carrier your LiveKit SIP signalling IPs so they whitelist you; leave username and password empty.',
      'Put their switch IPs in allowed_ips with inbound_auth=ip_allowlist.',
      'If they route by tech prefix (e.g. 4455#), set tech_prefix; if they want national format, use strip_digits / prefix_digits and check with `carrier dialplan`.',
      'Set cps and channels from the contract: dialling above them gets calls rejected and can get your IPs blocked.',
    ],
    example: 'carrier add name="Wholesale A-Z" sip_address=203.0.113.10:5060 transport=udp inbound_auth=ip_allowlist allowed_ips=203.0.113.10,203.0.113.11 tech_prefix=4455# cps=10 burst=20 channels=120',
  },
];

export const GUIDE_TOPICS = RECIPES.map((r) => r.key);

export function guideReply(topic?: string): Reply {
  if (topic) {
    const r = RECIPES.find((x) => x.key === topic.toLowerCase());
    if (r) {
      return reply({
        ephemeral: true,
        title: `Carrier setup: ${r.name}`,
        text: r.steps.map((s, i) => `${i + 1}. ${s}`).join('\n'),
        footer: [`Example:\n\`${r.example}\``],
      });
    }
  }
  return reply({
    ephemeral: true,
    title: 'Carrier setup guide',
    text: [
      'A carrier is your SIP provider\'s trunk. Connection says where to reach it, Authentication how each side proves who it is, Pacing how fast it may be dialled, DIDs which numbers it carries.',
      'Outbound (you → carrier) uses the username and password. Inbound (carrier → you) uses the same credentials (digest) or, for providers that do not send credentials inbound, an IP allowlist.',
      'After saving, trunkops creates the matching LiveKit trunks itself; the sync banner on `carrier show` says when they are live.',
    ].join('\n\n'),
    table: { columns: ['On the provider\'s trunk sheet', 'trunkops field'], rows: MAPPING.map(([a, b]) => [a, b]) },
    footer: [`Recipes: ${RECIPES.map((r) => `\`carrier guide ${r.key}\` (${r.name})`).join(', ')}.`],
  });
}
