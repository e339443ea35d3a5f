import { query, type StaffApi } from '../api/gateway.ts';
import { isoDay } from '../ui/format.ts';
import { municipalitiesOf, type Offering, type Page, type Registration, summariesOf } from './catalogue-resources.ts';
import type { ListedParticipant } from './participant-list.ts';

/** Every registration of a date with one status, all pages (a date has some dozen, the API gives 200 a page). */
export async function registrationsOf(api: StaffApi, offeringId: string, status: 'confirmed' | 'waitlisted') {
  const items: Registration[] = [];
  let cursor: string | undefined;
  for (;;) {
    const result = await api.get<Page<Registration>>(`/v1/registrations${query({ offeringId, status, limit: 200, cursor })}`);
    if (!result.ok) return { items, problem: result.problem };
    items.push(...result.body.items);
    if (!result.body.nextCursor) return { items, problem: undefined };
    cursor = result.body.nextCursor;
  }
}

/** The date, its confirmed participants and its waiting list (in order), each with the municipality's name. */
export async function participantsOf(api: StaffApi, offeringId: string) {
  const [offering, confirmed, waitlisted, municipalities, summaries] = await Promise.all([
    api.get<Offering>(`/v1/offerings/${offeringId}`),
    registrationsOf(api, offeringId, 'confirmed'),
    registrationsOf(api, offeringId, 'waitlisted'),
    municipalitiesOf(api),
    summariesOf(api, [offeringId]),
  ]);
  const listed = (r: Registration): ListedParticipant => ({
    registration: r,
    municipality: r.municipalityId ? (municipalities.get(r.municipalityId) ?? r.municipalityId) : 'ohne Kommune',
  });
  return {
    offering,
    confirmed: confirmed.items.map(listed),
    waitlisted: waitlisted.items.map(listed),
    summary: summaries.get(offeringId),
    problem: confirmed.problem ?? waitlisted.problem,
  };
}

/** Attendance can be recorded from the start day (Europe/Berlin) on, as registration decides. */
export const attendanceOpen = (offering: Offering) => isoDay(new Date()) >= isoDay(new Date(offering.startsAt));
