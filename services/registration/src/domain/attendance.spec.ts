import { describe, it } from 'vitest';
import { cancel, event, given, history, opened, recordAttendance, register } from './offering.fixtures.ts';

// Start: 16 Feb 2027, 09:00 Berlin (CET, UTC+1).
const startDay = new Date('2027-02-16T08:00:00Z');
const dayAfter = new Date('2027-02-17T10:00:00Z');

describe('recording attendance after the date', () => {
  it('records attendance of a confirmed participant on the start date', () =>
    given(...history(1, register('anna')))
      .when(recordAttendance('anna', true, startDay))
      .thenEvents([event('AttendanceRecorded', { registrationId: 'reg-anna', attended: true })]));

  it('counts the start date in Berlin calendar days (00:30 Berlin is still 15 Feb in UTC)', () =>
    given(...history(1, register('anna')))
      .when(recordAttendance('anna', false, new Date('2027-02-15T23:30:00Z')))
      .thenEvents([event('AttendanceRecorded', { attended: false })]));

  it('is refused before the start date', () =>
    given(...history(1, register('anna')))
      .when(recordAttendance('anna', true, new Date('2027-02-15T22:30:00Z')))
      .thenRejected('attendance-too-early', { registrationId: 'reg-anna' }));

  it('is refused for a waitlisted registration', () =>
    given(...history(1, register('anna'), register('ben')))
      .when(recordAttendance('ben', true, dayAfter))
      .thenRejected('not-confirmed'));

  it('is refused for a cancelled registration', () =>
    given(...history(1, register('anna'), cancel('anna')))
      .when(recordAttendance('anna', true, dayAfter))
      .thenRejected('not-confirmed'));

  it('is refused for a registration it does not know', () =>
    given(opened(1))
      .when(recordAttendance('nobody', true, dayAfter))
      .thenRejected('registration-not-found'));

  it('does nothing when the same value is recorded twice', () =>
    given(...history(1, register('anna'), recordAttendance('anna', true, startDay)))
      .when(recordAttendance('anna', true, dayAfter))
      .thenEvents([]));

  it('corrects a mistake by recording the other value', () =>
    given(...history(1, register('anna'), recordAttendance('anna', true, startDay)))
      .when(recordAttendance('anna', false, dayAfter))
      .thenEvents([event('AttendanceRecorded', { attended: false })]));
});
