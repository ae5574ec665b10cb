/**
 * @module http/middleware/request-id
 * Every response carries `X-Request-Id`; a well-formed id sent by the client is kept. Every log
 * line written while the request runs carries it as `request_id` (Powertools `appendKeys`; a
 * Lambda container serves one request at a time).
 */
import type { MiddlewareHandler } from 'hono';
import { newId } from '../../ids.ts';
import type { Logger } from '../../logger.ts';
import type { AppEnv } from '../env.ts';

const CLIENT_ID = /^[A-Za-z0-9_.:-]{8,128}$/;

export function requestId(logger?: Logger): MiddlewareHandler<AppEnv> {
  return async function requestId(c, next) {
    const incoming = c.req.header('X-Request-Id');
    const id = incoming && CLIENT_ID.test(incoming) ? incoming : newId('req');
    c.set('requestId', id);
    c.set('receivedAt', performance.now());
    c.header('X-Request-Id', id);
    logger?.appendKeys({ request_id: id });
    try {
      await next();
    } finally {
      logger?.removeKeys(['request_id']);
    }
    c.res.headers.set('X-Request-Id', id);
  };
}
