/**
 * @module net/address
 * Which IP addresses a capture or a webhook may connect to (contract §12). An address is
 * allowed only when it is ordinary public unicast: IPv4 outside every special range, IPv6 in
 * global unicast space 2000::/3 outside every special range. IPv4-mapped IPv6 is judged by the
 * IPv4 address it carries; every other IPv6 form that embeds an IPv4 address (NAT64, 6to4,
 * IPv4-compatible, Teredo) is refused outright, since the embedded address may be private.
 */
import ipaddr from 'ipaddr.js';

export interface AddressVerdict {
  /** Canonical text form (IPv4-mapped addresses are reported as their IPv4 address). */
  address: string;
  family: 4 | 6;
  /** `unicast` for public addresses, else the special range: `loopback`, `private`, `linkLocal`, … */
  range: string;
  allowed: boolean;
}

/** Human words for the ranges, used in error messages and warnings. */
const RANGE_WORDS: Record<string, string> = {
  loopback: 'loopback',
  private: 'private network',
  linkLocal: 'link-local (cloud metadata lives here)',
  uniqueLocal: 'unique-local IPv6',
  multicast: 'multicast',
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  carrierGradeNat: 'carrier-grade NAT',
  reserved: 'reserved',
  ipv4Compatible: 'IPv4-compatible IPv6',
  rfc6052: 'NAT64',
  rfc6145: 'IPv4-translated IPv6',
  '6to4': '6to4',
  teredo: 'Teredo',
  notGlobal: 'non-global IPv6',
};

export function describeRange(range: string): string {
  return RANGE_WORDS[range] ?? range;
}

/** Is `text` an IP literal (without brackets)? */
export function isIpLiteral(text: string): boolean {
  return ipaddr.isValid(stripZone(text)) && (text.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(text));
}

/** Classifies one IP address. Throws on text that is not an IP address. */
export function classifyAddress(text: string): AddressVerdict {
  let ip = ipaddr.parse(stripZone(text));
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) {
    ip = (ip as ipaddr.IPv6).toIPv4Address();
  }
  if (ip.kind() === 'ipv4') {
    const range = ip.range();
    return { address: ip.toString(), family: 4, range, allowed: range === 'unicast' };
  }
  const v6 = ip as ipaddr.IPv6;
  let range: string = v6.range();
  if (range === 'unicast') {
    const [first] = v6.parts;
    if (v6.parts.slice(0, 6).every((p) => p === 0)) range = 'ipv4Compatible';
    else if (first === undefined || first < 0x2000 || first > 0x3fff) range = 'notGlobal';
  }
  return { address: v6.toString(), family: 6, range, allowed: range === 'unicast' };
}

function stripZone(text: string): string {
  const i = text.indexOf('%');
  return i === -1 ? text : text.slice(0, i);
}
