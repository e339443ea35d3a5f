import { berlinDate } from './calendar.ts';
import { type CommandOf, type OfferingDecision, reject } from './commands.ts';
import { placeOn } from './guards.ts';
import type { Offering } from './offering.ts';

/** Attendance of a confirmed participant, from the start date on (Berlin day); a changed value corrects a mistake. */
export function recordAttendance({ registrationId, attended, now }: CommandOf<'RecordAttendance'>, state: Offering): OfferingDecision {
  const place = placeOn(state, registrationId);
  if ('rejected' in place) return place;
  const { offering, seat } = place;
  if (seat.status !== 'confirmed') {
    return reject('not-confirmed', `Attendance is recorded for confirmed places only; this registration is ${seat.status}`, seat);
  }
  const startDate = berlinDate(new Date(offering.terms.snapshot.startsAt));
  if (berlinDate(now) < startDate) {
    return reject('attendance-too-early', `Attendance can be recorded from the start date (${startDate}) on`, seat);
  }
  if (seat.attended === attended) return []; // recorded already
  return [{ type: 'AttendanceRecorded', data: { registrationId, attended, recordedAt: now.toISOString() } }];
}
