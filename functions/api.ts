/** λ api: API Gateway (HTTP API) → the Hono app. */
import { handle } from 'hono/aws-lambda';
import { buildApp } from '../lib/app.ts';
import { deployedDeps } from '../lib/deps.ts';
import { withMetrics } from '../lib/metrics.ts';

const deps = await deployedDeps();

export const handler = withMetrics(deps.metrics, handle(buildApp(deps)));
