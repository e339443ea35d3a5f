import { randomUUID } from 'node:crypto';
import type { CancellationPreview, Registration, RegistrationInput } from '@seminarwerk/contracts/api';
import { isRejection, Rejected } from '@seminarwerk/decider';
import { actorOf, type Principal } from '@seminarwerk/http';
import { currentTrace } from '@seminarwerk/logging';
import type { CommandMetadata } from '@seminarwerk/postgres';
import type { Db, Tx } from '../db.ts';
import type { Booker, NewBooking, Person } from '../domain/booking.ts';
import type { OfferingCommand, OfferingRejection } from '../domain/decide.ts';
import type { OfferingTerms } from '../domain/terms.ts';
import type { DecisionObserver } from './decision-metrics.ts';
import { currentIdempotency } from './idempotent-commands.ts';
import { type OfferingQueueLimits, offeringHandler, offeringQueue, streamId } from './offering-handler.ts';
import { cancellationPreview, substitutionPreview } from './previews.ts';
import { registrationViews } from './registration-views.ts';

export type Clock = () => Date;

export const bookerOf = (p: Principal): Booker =>
  p.kind === 'municipality' ? { kind: 'municipality', municipalityId: p.municipalityId } : { kind: 'back-office', actor: p.actor };

export const billedMunicipality = (p: Principal, requested: string | undefined) =>
  p.kind === 'municipality' ? p.municipalityId : (requested ?? null);

/** One person's booking as the principal makes it; a purchase order reference only where one was given. */
export function bookingBy(
  principal: Principal,
  person: {
    registrationId: string;
    participant: Person;
    municipalityId?: string | undefined;
    purchaseOrderReference?: string | undefined;
  },
): NewBooking {
  const { registrationId, participant, purchaseOrderReference } = person;
  return {
    registrationId,
    participant,
    bookedBy: bookerOf(principal),
    municipalityId: billedMunicipality(principal, person.municipalityId),
    ...(purchaseOrderReference ? { purchaseOrderReference } : {}),
  };
}

/**
 * The events a request causes carry its actor (the staff member, the back-office key or the partner's key) and its
 * own correlation id and Idempotency-Key: taken here, because a batch is decided in the trace of whichever request
 * started it.
 */
export function requestMetadata(principal: Principal): CommandMetadata {
  const { correlationId } = currentTrace();
  return { actor: actorOf(principal), ...(correlationId ? { correlationId } : {}), ...currentIdempotency() };
}

const cancelCommand =
  (registrationId: string, principal: Principal) =>
  (now: Date): OfferingCommand => ({ type: 'Cancel', registrationId, by: bookerOf(principal), now });
const substituteCommand =
  (registrationId: string, participant: Person) =>
  (now: Date): OfferingCommand => ({ type: 'Substitute', registrationId, participant, now });

const CATALOGUE: CommandMetadata = { actor: 'catalogue' };

/**
 * Commands on registrations. Every change of an offering from HTTP goes through its queue (one writer at a time), which
 * is bounded (`limits`, decisions.md 106).
 */
export function registrationService(
  db: Db,
  clock: Clock = () => new Date(),
  observe: DecisionObserver = () => {},
  limits: OfferingQueueLimits = {},
) {
  const handler = offeringHandler(db);
  const queued = offeringQueue(handler, limits);
  // Every request's command passes here once its transaction committed: counted by outcome (decision-metrics.ts).
  const queue: typeof queued = {
    async submit(streamId, command, metadata) {
      const outcome = await queued.submit(streamId, command, metadata);
      observe(command.type, outcome.decision);
      return outcome;
    },
    exclusive: queued.exclusive,
  };
  const views = registrationViews(db);

  /** A command on an existing registration the principal may see, answered with the registration as it is now. */
  async function onRegistration(id: string, principal: Principal, command: (now: Date) => OfferingCommand): Promise<Registration> {
    const row = await views.findVisible(id, principal);
    const { decision, state } = await queue.submit(streamId(row.offeringId), command(clock()), requestMetadata(principal));
    if (isRejection(decision)) throw new Rejected(decision);
    return views.view(await db.registration.findUniqueOrThrow({ where: { id } }), state);
  }

  /**
   * What a command on a registration would decide now, recording nothing: decided under the stream's lock on the
   * stream as it is (the group booking's dry run), so it is the decision the real command would get at this moment.
   */
  async function preview(id: string, principal: Principal, command: (now: Date) => OfferingCommand) {
    const row = await views.findVisible(id, principal);
    const attributed = [{ command: command(clock()), metadata: requestMetadata(principal) }];
    const { results, state } = await db.$transaction((tx) => handler.decideIn(tx, streamId(row.offeringId), attributed, { dryRun: true }));
    const decision = results[0]?.decision;
    if (decision === undefined || state.status === 'unknown') throw new Error(`${id}: no decision on a known offering`);
    if (isRejection(decision)) throw new Rejected(decision);
    return { registration: await views.view(row, state), events: decision, state };
  }

  /** Decides a catalogue change in the consumer's inbox transaction; what the offering's rules refuse is returned for the inbox to record. */
  async function fromCatalogue(tx: Tx, offeringId: string, command: OfferingCommand): Promise<OfferingRejection | undefined> {
    const { results } = await handler.decideIn(tx, streamId(offeringId), [{ command, metadata: CATALOGUE }]);
    const decision = results[0]?.decision;
    return isRejection(decision) ? decision : undefined;
  }

  return {
    db,
    handler,
    queue,
    observe,
    views,

    async register(input: RegistrationInput, principal: Principal): Promise<Registration> {
      const registrationId = randomUUID();
      const booking = bookingBy(principal, { registrationId, ...input });
      const command: OfferingCommand = { type: 'Register', booking, now: clock() };
      const { decision, recorded, state } = await queue.submit(streamId(input.offeringId), command, requestMetadata(principal));
      if (isRejection(decision)) throw new Rejected(decision);
      // Answered from the decided state: under a rush, reading each registration back costs a query per request.
      const recordedAt = recorded[0]?.recordedAt;
      const fresh = state.status !== 'unknown' && recordedAt ? views.fromDecision(registrationId, state, recordedAt) : undefined;
      return fresh ?? views.view(await db.registration.findUniqueOrThrow({ where: { id: registrationId } }), state);
    },

    cancel: (id: string, principal: Principal) => onRegistration(id, principal, cancelCommand(id, principal)),

    async previewCancel(id: string, principal: Principal): Promise<CancellationPreview> {
      const { registration, events, state } = await preview(id, principal, cancelCommand(id, principal));
      return cancellationPreview(registration, events, state, principal);
    },

    async previewSubstitute(id: string, participant: Person, principal: Principal) {
      const { registration } = await preview(id, principal, substituteCommand(id, participant));
      return substitutionPreview(registration, participant);
    },

    substitute: (id: string, participant: Person, principal: Principal) =>
      onRegistration(id, principal, substituteCommand(id, participant)),

    recordAttendance: (id: string, attended: boolean, principal: Principal) =>
      onRegistration(id, principal, (now) => ({ type: 'RecordAttendance', registrationId: id, attended, now })),

    fromCatalogue,

    /** A published date opens its stream (once, however often the event arrives). */
    openOffering: (tx: Tx, terms: OfferingTerms) => fromCatalogue(tx, terms.offeringId, { type: 'OpenOffering', terms, now: clock() }),
  };
}
export type RegistrationService = ReturnType<typeof registrationService>;
