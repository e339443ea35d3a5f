export { type Calendar, type CalendarAddress, type CalendarEvent, writeCalendar } from './calendar.ts';
