import type { ApiResult, StaffApi } from '../api/gateway.ts';
import { query } from '../api/gateway.ts';
import type { ApiProblem } from '../api/problem.ts';

/**
 * The members of the API's catalogue and registration resources that Programm and Termin show
 * (packages/contracts/src/api/catalogue.ts, registration.ts, invoicing.ts).
 */
export type Status = 'draft' | 'published' | 'cancelled';

export interface CancellationTerms {
  freeUntilDaysBefore: number;
  lateCancellationFeePercent: number;
  noShowFeePercent: number;
  substituteAllowed: boolean;
}

export interface Seminar {
  id: string;
  title: string;
  topic: string;
  summary: string;
  audience: string;
  lecturers: string[];
  feeCents: number;
  vat: 'exempt-4-22a' | 'standard-19' | 'reduced-7';
  cancellationTerms: CancellationTerms;
  status: Status;
  createdAt: string;
}

export interface Venue {
  name: string;
  street?: string;
  postalCode?: string;
  city: string;
}

export interface Offering {
  id: string;
  seminarId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  format: 'onsite' | 'online';
  venue: Venue | null;
  location: string;
  capacity: number;
  seatsAvailable: number;
  registrationDeadline: string;
  status: Status;
  feeCents: number;
}

export type SeminarDetail = Seminar & { offerings: Offering[] };

export interface Participant {
  firstName: string;
  lastName: string;
  email: string;
}

/** A registration's person: the participant, or `{ erased: true }` once their data was erased (the place still counts). */
export type RegisteredPerson = Participant | { erased: true };
const ERASED = 'Daten gelöscht';
const isErased = (person: object): person is { erased: true } => 'erased' in person;
/** "Anna Meyer" (or "Meyer, Anna" for lists sorted by surname), or that the data is erased. */
export const nameOf = (person: Pick<Participant, 'firstName' | 'lastName'> | { erased: true }, order: 'first' | 'last' = 'first') =>
  isErased(person) ? ERASED : order === 'first' ? `${person.firstName} ${person.lastName}` : `${person.lastName}, ${person.firstName}`;
export const emailOfPerson = (person: RegisteredPerson) => (isErased(person) ? '' : person.email);
export const isErasedPerson = isErased;

export interface Registration {
  id: string;
  offeringId: string;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  waitlistPosition?: number;
  participant: RegisteredPerson;
  municipalityId: string | null;
  attended?: boolean;
  createdAt: string;
}

export interface RegistrationSummary {
  offeringId: string;
  capacity: number;
  confirmed: number;
  waitlisted: number;
  attended: number;
}

export interface Customer {
  id: string;
  name: string;
}

export type Page<T> = { items: T[]; nextCursor: string | null };

export const failed = (result: ApiResult<unknown>): ApiProblem | undefined => (result.ok ? undefined : result.problem);

/** A problem the app finds itself before asking the API (a date it cannot read), shown like the API's. */
export const formProblem = (fieldErrors: Record<string, string>): ApiProblem => ({
  status: 400,
  code: 'validation-failed',
  title: 'Bad Request',
  detail: '',
  fieldErrors,
});

export const STATUS_LABELS: Record<Status, string> = { draft: 'Entwurf', published: 'veröffentlicht', cancelled: 'abgesagt' };

/** Summaries of up to 100 dates at once (GET /v1/registration-summaries), by offering id; empty when the API cannot say. */
export async function summariesOf(api: StaffApi, offeringIds: readonly string[]): Promise<Map<string, RegistrationSummary>> {
  if (offeringIds.length === 0) return new Map();
  const result = await api.get<{ items: RegistrationSummary[] }>(
    `/v1/registration-summaries${query({ offeringId: offeringIds.slice(0, 100).join(',') })}`,
  );
  return new Map(result.ok ? result.body.items.map((s) => [s.offeringId, s]) : []);
}

/** The municipalities as customers (GET /v1/customers), by id; empty when the API cannot say. */
export async function municipalitiesOf(api: StaffApi): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  let cursor: string | undefined;
  // A few pages at most: there are some dozen municipalities, not thousands.
  for (let page = 0; page < 5; page++) {
    const result = await api.get<Page<Customer>>(`/v1/customers${query({ limit: 200, cursor })}`);
    if (!result.ok) break;
    for (const c of result.body.items) names.set(c.id, c.name);
    if (!result.body.nextCursor) break;
    cursor = result.body.nextCursor;
  }
  return names;
}
