/**
 * @module captures/brand
 * Where an `ai_brand` profile is cached (§10): per registrable domain (`docs.acme.com` and
 * `www.acme.com` share `acme.com`), 7 days. A page loaded with an auth profile is private: its
 * brand is neither read from nor written to the shared cache.
 */
import { getDomain } from 'tldts';
import type { Deps } from '../deps.ts';
import type { PlanAi } from '../schemas/plan.ts';
import { getBrand, putBrand } from '../store/brands.ts';

/** The cache's name for a page's brand: its registrable domain, or host:port for IPs and intranet names. */
export function brandDomain(url: string): string {
  const u = new URL(url);
  return getDomain(u.hostname, { allowPrivateDomains: true }) ?? u.host;
}

/** The plan's brand entry: the domain, and the cached profile when there is a fresh one. */
export async function planBrand(
  deps: Deps,
  params: { url: string; html?: string; auth_profile_id?: string },
): Promise<NonNullable<PlanAi['brand']>> {
  // Neither a logged-in page nor a caller's own document (`html`, whatever its base_url) speaks
  // for its domain: their brand is computed each time and never cached for others.
  if (params.auth_profile_id || params.html !== undefined) return {};
  const domain = brandDomain(params.url);
  const cached = await getBrand(deps.table, domain, deps.now());
  return cached ? { domain, cached: cached.profile } : { domain };
}

/** Keeps a computed profile for the next capture of the domain. */
export async function rememberBrand(
  deps: Deps,
  domain: string,
  profile: Record<string, unknown>,
): Promise<void> {
  await putBrand(deps.table, { domain, profile, created_at: deps.now() });
}
