import type { OfferingSnapshot, Participant } from '@seminarwerk/contracts';

// Participants read times in the institute's time zone; the calendar file carries UTC.
const TIME_ZONE = 'Europe/Berlin';
const day = new Intl.DateTimeFormat('de-DE', { timeZone: TIME_ZONE, dateStyle: 'full' });
const time = new Intl.DateTimeFormat('de-DE', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' });

/** "Montag, 1. März 2027, 09:00 bis 16:30 Uhr", or both days when the date spans more than one. */
export function when(offering: Pick<OfferingSnapshot, 'startsAt' | 'endsAt'>): string {
  const start = new Date(offering.startsAt);
  const end = new Date(offering.endsAt);
  if (day.format(start) === day.format(end)) {
    return `${day.format(start)}, ${time.format(start)} bis ${time.format(end)} Uhr`;
  }
  return `${day.format(start)}, ${time.format(start)} Uhr bis ${day.format(end)}, ${time.format(end)} Uhr`;
}

export const fullName = (participant: Participant) => `${participant.firstName} ${participant.lastName}`;

export const greeting = (participant: Participant) => `Guten Tag ${fullName(participant)},`;

export const closing = (institute: string) => `Mit freundlichen Grüßen\n${institute}`;

/** Typographic German quotes around a title. */
export const quoted = (title: string) => `„${title}“`;

export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** The same paragraphs as plain text and as simple HTML, so both parts always say the same. */
export function bodies(paragraphs: readonly string[]): { text: string; html: string } {
  const html = paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>\n')}</p>`).join('\n');
  return {
    text: `${paragraphs.join('\n\n')}\n`,
    html: `<!doctype html>\n<html lang="de"><head><meta charset="utf-8"></head><body>\n${html}\n</body></html>\n`,
  };
}
