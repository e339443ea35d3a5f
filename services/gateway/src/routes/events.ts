import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { EventFeedPage, EventFeedQuery } from '@seminarwerk/contracts/api';
import { requirePrincipal } from '../auth/middleware.ts';
import { forward, queryString, type Upstream } from '../proxy.ts';
import { json, problems, relay, security } from './openapi.ts';

/** The event feed (notification owns it): the webhooks' payloads to pull, for catching up after downtime. */
export function eventRoutes(app: OpenAPIHono, notification: Upstream) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/events',
      operationId: 'listEvents',
      tags: ['Webhooks'],
      summary: 'The event feed: the same payloads as the webhooks, in a stable order, kept 90 days',
      description:
        'Partners get their municipality’s events, the back office all (or `municipalityId`). Pass `nextCursor` as `after` to go on; an empty page means you are up to date. No event is skipped or repeated across pages, also while events are being written.',
      security,
      request: { query: EventFeedQuery },
      responses: { 200: json(EventFeedPage, 'A page of events, oldest first'), ...problems(400, 401, 403) },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      const path = `/events${queryString(c.req.valid('query'))}`;
      return relay(c, await forward(notification, { method: 'GET', path, principal }));
    },
  );
}
