import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { type ApiKeys, DEFAULT_GRACE_SECONDS, MAX_GRACE_SECONDS } from '../auth/api-keys.ts';
import { requireStaff } from '../auth/middleware.ts';
import { DELEGATE_SCOPE, SCOPES } from '../edge/route-policy.ts';
import { served } from './forwarding.ts';
import { IdempotencyHeaders, json, jsonBody, keyRequired, operation, problems, type Tag } from './openapi.ts';

const MunicipalityId = z
  .string()
  .regex(/^[a-z0-9-]{2,60}$/)
  .openapi({ example: 'oldenburg' });

const Scopes = z
  .array(z.enum(SCOPES))
  .min(1)
  .max(SCOPES.length)
  .refine((scopes) => new Set(scopes).size === scopes.length, 'names a scope twice')
  .openapi({
    description:
      'What the key may do; without scopes it has its role’s full rights. `staff:delegate` (back-office keys only) restricts ' +
      'nothing: the key may, and on every write must, name the staff member it acts for in `X-Acting-Staff`',
    example: ['registrations:write'],
  });

const ApiKeyInput = z
  .object({
    name: z.string().trim().min(1).max(200).openapi({ example: 'HR system Oldenburg' }),
    municipalityId: MunicipalityId.optional().openapi({ description: 'The partner municipality the key acts for' }),
    role: z
      .enum(['partner', 'back-office'])
      .optional()
      .openapi({ description: '`partner` (the default with a municipalityId) or `back-office` (staff, no municipalityId)' }),
    scopes: Scopes.optional(),
  })
  .refine((k) => (k.role ?? (k.municipalityId ? 'partner' : undefined)) !== undefined, {
    path: ['municipalityId'],
    message: 'a partner key needs a municipalityId; a staff key says role: back-office',
  })
  .refine((k) => (k.role === 'back-office') !== (k.municipalityId !== undefined), {
    path: ['municipalityId'],
    message: 'a partner key needs a municipalityId; a back-office key has none',
  })
  .refine((k) => k.role === 'back-office' || !k.scopes?.includes(DELEGATE_SCOPE), {
    path: ['scopes'],
    message: 'staff:delegate is for back-office keys only: a partner key cannot act for staff',
  })
  .openapi('ApiKeyInput');

const ApiKey = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role: z.enum(['partner', 'back-office']),
    municipalityId: z.string().nullable(),
    prefix: z.string().nullable().openapi({
      description: 'The first characters of the key, to recognise it; null for keys made before prefixes',
      example: 'sw_live_ab12cd',
    }),
    scopes: z.array(z.enum(SCOPES)).nullable().openapi({ description: 'null: the role’s full rights' }),
    status: z.enum(['active', 'expired', 'revoked']),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable().openapi({ description: 'Up to a minute behind' }),
    expiresAt: z.iso.datetime().nullable().openapi({ description: 'When a rotated key stops working' }),
    revokedAt: z.iso.datetime().nullable(),
    replacedBy: z.uuid().nullable().openapi({ description: 'The key that replaced this one in a rotation' }),
  })
  .openapi('ApiKey');

const CreatedApiKey = ApiKey.extend({
  key: z.string().openapi({ description: 'Shown once; store it safely', example: 'sw_live_ab12cd_Xq0…' }),
}).openapi('CreatedApiKey');

const RotatedApiKey = CreatedApiKey.extend({
  previousKey: ApiKey.openapi({ description: 'The rotated key: it works until its `expiresAt`' }),
}).openapi('RotatedApiKey');

const RotationInput = z
  .object({
    gracePeriodSeconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_GRACE_SECONDS)
      .default(DEFAULT_GRACE_SECONDS)
      .openapi({ description: 'How long the old key keeps working (0: not at all; at most 7 days)', example: 86400 }),
  })
  .openapi('ApiKeyRotation');

const KeyParams = z.object({ apiKeyId: z.uuid().openapi({ param: { name: 'apiKeyId', in: 'path' } }) });
const tags: [Tag] = ['Administration'];
/** The answer holds a key shown once: no-store also keeps it out of the idempotency records (idempotency.ts). */
const secret = { 'cache-control': 'no-store' };

/** The back office manages keys: create (shown once), list, rotate with a grace period, revoke at once. */
export function apiKeyRoutes(app: OpenAPIHono, keys: ApiKeys) {
  served(
    app,
    operation({
      method: 'post',
      path: '/v1/api-keys',
      operationId: 'createApiKey',
      tags,
      summary: 'Create an API key for a partner municipality or staff (back office)',
      description:
        'The key is shown once, in this answer, and only its SHA-256 is stored. A retry with the same Idempotency-Key answers 409 ' +
        '`secret-not-kept`. `scopes` restrict the key (see docs/api.md); without them it has its role’s full rights.',
      security: keyRequired,
      request: { headers: IdempotencyHeaders, body: jsonBody(ApiKeyInput) },
      responses: { 201: json(CreatedApiKey, 'The new key (shown once)'), ...problems(409) },
    }),
    requireStaff,
    async (c) => {
      const { role, municipalityId, ...rest } = c.req.valid('json');
      const created = await keys.create({ ...rest, role: role ?? 'partner', municipalityId: municipalityId ?? null });
      return c.json(created, 201, secret);
    },
  );

  served(
    app,
    operation({
      method: 'get',
      path: '/v1/api-keys',
      operationId: 'listApiKeys',
      tags,
      summary: 'List API keys (back office)',
      description: 'Oldest first, a page at a time. Never the keys themselves: `prefix` tells them apart.',
      security: keyRequired,
      request: {
        query: z.object({
          municipalityId: MunicipalityId.optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
          cursor: z.string().max(200).optional(),
        }),
      },
      responses: {
        200: json(z.object({ items: z.array(ApiKey), nextCursor: z.string().nullable() }), 'A page of keys'),
      },
    }),
    requireStaff,
    async (c) => {
      return c.json(await keys.list(c.req.valid('query')), 200);
    },
  );

  served(
    app,
    operation({
      method: 'post',
      path: '/v1/api-keys/{apiKeyId}/rotate',
      operationId: 'rotateApiKey',
      tags,
      summary: 'Rotate an API key: a new key, the old one working for a grace period (back office)',
      description:
        'The new key (shown once) has the old one’s name, municipality, role and scopes, and a new id. The old key works until ' +
        '`previousKey.expiresAt` (`gracePeriodSeconds`, default 24 hours, at most 7 days; 0 ends it at once) and is then refused ' +
        'on every gateway. A revoked key answers 409 `api-key-revoked`, one rotated already 409 `api-key-rotated`.',
      security: keyRequired,
      request: { params: KeyParams, headers: IdempotencyHeaders, body: { content: { 'application/json': { schema: RotationInput } } } },
      responses: { 201: json(RotatedApiKey, 'The new key (shown once) and the old one'), ...problems(404, 409) },
    }),
    requireStaff,
    async (c) => {
      const { gracePeriodSeconds } = RotationInput.parse(c.req.valid('json'));
      return c.json(await keys.rotate(c.req.valid('param').apiKeyId, gracePeriodSeconds), 201, secret);
    },
  );

  served(
    app,
    operation({
      method: 'post',
      path: '/v1/api-keys/{apiKeyId}/revoke',
      operationId: 'revokeApiKey',
      tags,
      summary: 'Revoke an API key at once (back office)',
      description: 'Every gateway refuses the key within a second (401 `invalid-api-key`). Revoking again changes nothing.',
      security: keyRequired,
      request: { params: KeyParams, headers: IdempotencyHeaders },
      responses: { 200: json(ApiKey, 'The revoked key'), ...problems(404) },
    }),
    requireStaff,
    async (c) => {
      return c.json(await keys.revoke(c.req.valid('param').apiKeyId), 200);
    },
  );
}
