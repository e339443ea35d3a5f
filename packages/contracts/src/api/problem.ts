import { z } from '@hono/zod-openapi';

/** RFC 9457 problem details, the body of every error response. The members after `instance` are extensions (docs/api.md, Errors). */
export const Problem = z
  .object({
    type: z.string().openapi({ example: 'https://seminarwerk.example/problems/already-registered' }),
    title: z.string().openapi({ example: 'Conflict' }),
    status: z.number().int().openapi({ example: 409 }),
    detail: z.string().openapi({ description: 'For people; never personal data' }),
    instance: z.string().optional().openapi({
      description: 'The path and query of the request this answers, as the client sent it to the API (never a service’s internal path)',
      example: '/v1/registrations',
    }),
    errors: z
      .array(z.object({ field: z.string(), detail: z.string() }))
      .optional()
      .openapi({
        description: 'Every field at fault (`validation-failed`, `invalid-leitweg-id`, …), e.g. `registrations.2.participant.firstName`',
      }),
    existingRegistrationId: z
      .uuid()
      .optional()
      .openapi({
        description:
          'The registration a refusal is about; for `already-registered` the place the person already holds. Only when it is the ' +
          'caller’s municipality’s registration, or the caller is the back office',
      }),
    retryAfterSeconds: z.number().int().optional().openapi({
      description: 'When to try again (`offering-not-open`, `offering-busy`, `rate-limited`, …); the same as the `Retry-After` header',
    }),
    pendingDeliveryId: z
      .uuid()
      .optional()
      .openapi({ description: '`resend-pending`: the delivery of the e-mail that is still waiting to be sent' }),
    maxBytes: z
      .number()
      .int()
      .optional()
      .openapi({ description: '`body-too-large`: the largest request body accepted, in bytes', example: 262144 }),
  })
  .openapi('Problem');
export type Problem = z.infer<typeof Problem>;
