/**
 * @module http/middleware/require-scope
 * 403 `forbidden_scope` when the authenticated key lacks the route's scope (a key without a
 * scope list has them all).
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../../errors.ts';
import type { Scope } from '../../store/api-keys.ts';
import type { AppEnv } from '../env.ts';

export function requireScope(scope: Scope): MiddlewareHandler<AppEnv> {
  return async function requireScope(c, next) {
    const { key } = c.get('auth');
    if (key.scopes && !key.scopes.includes(scope)) {
      throw new ApiError(
        'forbidden_scope',
        403,
        `This API key lacks the "${scope}" scope (it has: ${key.scopes.join(', ') || 'none'}). Use a key created with that scope.`,
        { scope },
      );
    }
    await next();
  };
}
