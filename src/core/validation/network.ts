// Pure resolvers for SIP addresses, IP addresses and CIDR allowlists.
import { isIPv4, isIPv6 } from 'node:net';
import { fail, ok, type Resolved } from '../runtime/resolved.ts';

const HOST_HINT = 'use host or host:port, e.g. sip.example.com:5060 or 203.0.113.10';

/** `host[:port]` — hostname, IPv4 or bracketed IPv6; no scheme, user part, parameters or spaces. */
export function resolveSipAddress(raw: string): Resolved<string> {
  const v = raw.trim();
  if (!v) return fail(`required: ${HOST_HINT}`);
  if (/\s/.test(v)) return fail(`remove the spaces: ${HOST_HINT}`);
  if (/^sips?:/i.test(v)) return fail(`leave out the sip: prefix: ${HOST_HINT}`);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return fail(`not a URL: ${HOST_HINT}`);
  if (v.includes('@')) return fail(`leave out the user@ part (put the user in Username): ${HOST_HINT}`);
  if (v.includes(';')) return fail(`leave out URI parameters such as ;transport= (choose it in Transport): ${HOST_HINT}`);
  if (/[/?#]/.test(v)) return fail(`no path or query: ${HOST_HINT}`);

  let host: string;
  let port: string | undefined;
  if (v.startsWith('[')) {
    const m = /^\[([^\]]*)\](?::(.*))?$/.exec(v);
    if (!m) return fail(`close the IPv6 bracket: use [2001:db8::1] or [2001:db8::1]:5060`);
    if (!isIPv6(m[1]!)) return fail(`"${m[1]}" is not a valid IPv6 address`);
    host = `[${m[1]!.toLowerCase()}]`;
    port = m[2];
  } else {
    const colons = (v.match(/:/g) ?? []).length;
    if (colons > 1) return fail('wrap an IPv6 address in brackets, e.g. [2001:db8::1]:5060');
    [host, port] = v.split(':') as [string, string | undefined];
    const hostCheck = checkHost(host);
    if (hostCheck) return fail(hostCheck);
    host = host.toLowerCase();
  }
  if (port !== undefined) {
    if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
      return fail(`port must be a whole number from 1 to 65535 (got "${port}")`);
    }
    return ok(`${host}:${Number(port)}`);
  }
  return ok(host);
}

function checkHost(host: string): string | undefined {
  if (!host) return `the host is missing: ${HOST_HINT}`;
  if (/^[\d.]+$/.test(host)) {
    return isIPv4(host) ? undefined : `"${host}" is not a valid IPv4 address (four numbers 0–255, no leading zeros)`;
  }
  if (host.length > 253) return 'the hostname is longer than 253 characters';
  for (const label of host.replace(/\.$/, '').split('.')) {
    if (!label) return `"${host}" has an empty label (two dots in a row)`;
    if (label.length > 63) return `"${label}" is longer than 63 characters (DNS label limit)`;
    if (!/^[a-z0-9-]+$/i.test(label)) return `"${host}" may only hold letters, digits, dots and hyphens`;
    if (label.startsWith('-') || label.endsWith('-')) return `"${label}" cannot start or end with a hyphen`;
  }
  return undefined;
}

/** One IP address or CIDR block; IPv4 prefixes /8–/32, IPv6 /16–/128 (anything broader would allow whole networks). */
export function resolveIpOrCidr(raw: string): Resolved<string> {
  const v = raw.trim();
  const [addr, prefix, extra] = v.split('/');
  if (extra !== undefined || !addr) return fail(`"${v}" is not an IP address or CIDR block (e.g. 192.0.2.10 or 192.0.2.0/24)`);
  const family = isIPv4(addr) ? 4 : isIPv6(addr) ? 6 : 0;
  if (!family) return fail(`"${v}" is not an IP address or CIDR block (e.g. 192.0.2.10 or 192.0.2.0/24)`);
  if (prefix === undefined) return ok(family === 6 ? addr.toLowerCase() : addr);
  const [min, max] = family === 4 ? [8, 32] : [16, 128];
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) < min || Number(prefix) > max) {
    return fail(`"${v}": an IPv${family} prefix must be /${min} to /${max}`);
  }
  return ok(`${family === 6 ? addr.toLowerCase() : addr}/${Number(prefix)}`);
}

/** A list of IPs / CIDRs separated by commas, semicolons or spaces; duplicates dropped; at most 100. */
export function resolveIpList(raw: string): Resolved<string[]> {
  const parts = raw
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const out: string[] = [];
  for (const p of parts) {
    const r = resolveIpOrCidr(p);
    if (!r.ok) return r;
    if (!out.includes(r.value)) out.push(r.value);
  }
  if (out.length > 100) return fail(`list at most 100 addresses (got ${out.length})`);
  return ok(out);
}
