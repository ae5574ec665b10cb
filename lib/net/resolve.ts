/**
 * @module net/resolve
 * Resolves a target once and checks every address of the answer (contract §12). The caller
 * connects to the address returned here and nowhere else, so a second DNS answer (rebinding)
 * never matters.
 */
import { promises as dns } from 'node:dns';
import { classifyAddress, describeRange } from './address.ts';
import { isLocalhostName, type Target } from './target.ts';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** DNS lookup: every address of the answer. Injectable so tests can script DNS answers. */
export type LookupFn = (host: string) => Promise<ResolvedAddress[]>;

export const systemLookup: LookupFn = async (host) => {
  const answers = await dns.lookup(host, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export type EgressFailure =
  | 'blocked'
  | 'dns_error'
  | 'connection_failed'
  | 'timeout'
  | 'too_large'
  | 'invalid';

/** Why a connection was not made. `message` says what happened in words a user can act on. */
export class EgressError extends Error {
  override name = 'EgressError';
  constructor(
    readonly kind: EgressFailure,
    message: string,
    readonly target?: string,
    readonly address?: string,
  ) {
    super(message);
  }
}

export interface ResolveOptions {
  allowPrivateTargets: boolean;
  lookup?: LookupFn;
}

/**
 * Returns the address to connect to. Refuses (`EgressError('blocked')`) when any address of the
 * answer is not public, unless private targets are allowed; `dns_error` when the name does not
 * resolve.
 */
export async function resolveTarget(target: Target, opts: ResolveOptions): Promise<ResolvedAddress> {
  const { host } = target;
  if (!opts.allowPrivateTargets && isLocalhostName(host)) {
    throw new EgressError('blocked', `${host} is a loopback name`, host);
  }
  let answers: ResolvedAddress[];
  if (target.literal) {
    answers = [{ address: host, family: host.includes(':') ? 6 : 4 }];
  } else {
    try {
      answers = await (opts.lookup ?? systemLookup)(host);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'ERROR';
      throw new EgressError('dns_error', `The host name ${host} did not resolve (${code})`, host);
    }
    if (answers.length === 0) {
      throw new EgressError('dns_error', `The host name ${host} has no addresses`, host);
    }
  }
  const verdicts = answers.map((a) => classifyAddress(a.address));
  if (!opts.allowPrivateTargets) {
    const refused = verdicts.find((v) => !v.allowed);
    if (refused) {
      const via = target.literal ? '' : ` resolves to ${refused.address}, which`;
      throw new EgressError(
        'blocked',
        `${host}${via} is a ${describeRange(refused.range)} address`,
        host,
        refused.address,
      );
    }
  }
  const first = verdicts[0]!;
  return { address: first.address, family: first.family };
}
