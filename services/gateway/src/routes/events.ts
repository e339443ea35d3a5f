import type { OpenAPIHono } from '@hono/zod-openapi';
import { EventFeedPage, EventFeedQuery } from '@seminarwerk/contracts/api';
import { requirePrincipal } from '../auth/middleware.ts';
import type { Upstream } from '../proxy.ts';
import { forwardingTo } from './forwarding.ts';
import { json, keyRequired, operation } from './openapi.ts';

/** The event feed (notification owns it): the webhooks' payloads to pull, for catching up after downtime. */
export function eventRoutes(app: OpenAPIHono, notification: Upstream) {
  forwardingTo(app, notification)(
    operation({
      method: 'get',
      path: '/v1/events',
      operationId: 'listEvents',
      tags: ['Webhooks'],
      summary: 'The event feed: the same payloads as the webhooks, in a stable order, kept 90 days',
      description:
        'Partners get their municipality’s events, the back office all (or `municipalityId`). Pass `nextCursor` as `after` to go on; an empty page means you are up to date. No event is skipped or repeated across pages, also while events are being written.',
      security: keyRequired,
      request: { query: EventFeedQuery },
      responses: { 200: json(EventFeedPage, 'A page of events, oldest first') },
    }),
    { caller: requirePrincipal, to: '/events' },
  );
}
