/**
 * @module net
 * Target protection (contract §12): address classification, target normalisation, checked
 * resolution, the filtering egress proxy Chromium uses, and `safeFetch` for server-side fetches.
 */
export { type AddressVerdict, classifyAddress, describeRange } from './address.ts';
export {
  type DialFn,
  EGRESS_HEADER,
  type EgressEvent,
  type EgressProxy,
  type EgressProxyOptions,
  startEgressProxy,
  systemDial,
} from './egress-proxy.ts';
export {
  EgressError,
  type EgressFailure,
  type LookupFn,
  type ResolvedAddress,
  resolveTarget,
  systemLookup,
} from './resolve.ts';
export { type SafeFetchOptions, type SafeFetchResponse, safeFetch } from './safe-fetch.ts';
export { InvalidTarget, isLocalhostName, type Target, targetOfAuthority, targetOfUrl } from './target.ts';
