/**
 * @module http/middleware/request-id
 * Every response carries `X-Request-Id`; a well-formed id sent by the client is kept.
 */
import type { MiddlewareHandler } from 'hono';
import { newId } from '../../ids.ts';
import type { AppEnv } from '../env.ts';

const CLIENT_ID = /^[A-Za-z0-9_.:-]{8,128}$/;

export function requestId(): MiddlewareHandler<AppEnv> {
  return async function requestId(c, next) {
    const incoming = c.req.header('X-Request-Id');
    const id = incoming && CLIENT_ID.test(incoming) ? incoming : newId('req');
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
    c.res.headers.set('X-Request-Id', id);
  };
}
