/** λ api: API Gateway (HTTP API) → the Hono app. */
import { handle } from 'hono/aws-lambda';
import { buildApp } from '../lib/app.ts';
import { deployedDeps } from '../lib/deps.ts';

export const handler = handle(buildApp(await deployedDeps()));
