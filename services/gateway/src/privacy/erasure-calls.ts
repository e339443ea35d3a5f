import { type ForwardedResponse, queryString, type Upstream } from '../proxy.ts';
import {
  CONFIRMING_SERVICES,
  type ConfirmingService,
  ErasureConfirmation,
  IDS_PER_CONFIRMATION,
  RegistrationErasure,
} from './erasure-contract.ts';
import { answerOf, pause, type Retrying, type StaffPrincipal, Stopping, textOf } from './service-calls.ts';

export type ErasureUpstreams = Record<'registration' | ConfirmingService, Upstream>;

/** How the gateway waits on the services: asked again after `retryMs` when unavailable, polled every `pollMs`. */
export interface Patience extends Retrying {
  pollMs: number;
}

/** A service's answer other than 200: a fault here or there, not something to retry (the request stays pending). */
const unexpected = (service: string, answer: ForwardedResponse) => new Error(`${service} answered ${answer.status}`);

/** 404 with a problem of the service's own, not the router's (a service without the route is a fault, not "not found"). */
function isNotFound(answer: ForwardedResponse): boolean {
  if (answer.status !== 404) return false;
  try {
    const type = String((JSON.parse(textOf(answer)) as { type?: unknown }).type ?? '');
    return !type.endsWith('/route-not-found');
  } catch {
    return false;
  }
}

export type Subject = { email: string } | { registrationId: string };

/**
 * Registration erases the person (its `POST /privacy/erasures`, idempotent per erasure id) and answers which
 * registrations and keys that was, and the person's addresses; `not-found` for an unknown registration id.
 */
export async function eraseAtRegistration(
  upstream: Upstream,
  principal: StaffPrincipal,
  erasureId: string,
  subject: Subject,
  patience: Patience,
): Promise<RegistrationErasure | 'not-found'> {
  const answer = await answerOf(
    upstream,
    {
      method: 'POST',
      path: '/privacy/erasures',
      publicPath: `/v1/privacy/erasures/${erasureId}`,
      principal,
      body: { erasureId, ...subject },
    },
    patience,
  );
  if (isNotFound(answer)) return 'not-found';
  if (answer.status !== 200) throw unexpected(upstream.name, answer);
  return RegistrationErasure.parse(JSON.parse(textOf(answer)));
}

/** Registration erases the ledger's registrations again (after a restore of its database); the ids it erased. */
export async function reapplyAtRegistration(
  upstream: Upstream,
  principal: StaffPrincipal,
  entry: { erasureId: string; registrationIds: readonly string[]; keyIds: readonly string[] },
  patience: Patience,
): Promise<string[]> {
  const { erasureId, registrationIds, keyIds } = entry;
  const answer = await answerOf(
    upstream,
    {
      method: 'POST',
      path: '/privacy/erasures/reapply',
      publicPath: `/v1/privacy/erasures/${erasureId}`,
      principal,
      body: { erasureId, registrationIds, keyIds },
    },
    patience,
  );
  if (answer.status !== 200) throw unexpected(upstream.name, answer);
  return RegistrationErasure.pick({ registrationIds: true }).parse(JSON.parse(textOf(answer))).registrationIds;
}

/**
 * Asks the service until it confirms that its copies of the registrations' person are blank (it blanks them when
 * registration's `registration.participant-erased.v1` events reach it). Ids go in batches that fit a query string.
 */
export async function confirmationOf(
  upstream: Upstream,
  principal: StaffPrincipal,
  erasureId: string,
  registrationIds: readonly string[],
  patience: Patience,
): Promise<void> {
  for (let start = 0; start < registrationIds.length; start += IDS_PER_CONFIRMATION) {
    const batch = registrationIds.slice(start, start + IDS_PER_CONFIRMATION).join(',');
    const path = `/privacy/erasures/${erasureId}${queryString({ registrationIds: batch })}`;
    for (;;) {
      const answer = await answerOf(
        upstream,
        { method: 'GET', path, publicPath: `/v1/privacy/erasures/${erasureId}`, principal },
        patience,
      );
      if (answer.status !== 200) throw unexpected(upstream.name, answer);
      if (ErasureConfirmation.parse(JSON.parse(textOf(answer))).completed) break;
      if (patience.isStopped()) throw new Stopping();
      await pause(patience.pollMs);
    }
  }
}

/** Every confirming service at once; `confirmed` runs as each one confirms. */
export async function confirmationsOf(
  upstreams: ErasureUpstreams,
  principal: StaffPrincipal,
  erasureId: string,
  registrationIds: readonly string[],
  patience: Patience,
  confirmed: (service: ConfirmingService) => Promise<void>,
): Promise<void> {
  await Promise.all(
    CONFIRMING_SERVICES.map(async (service) => {
      await confirmationOf(upstreams[service], principal, erasureId, registrationIds, patience);
      await confirmed(service);
    }),
  );
}
