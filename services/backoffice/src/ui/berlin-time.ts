/**
 * The wall clock of Europe/Berlin for form fields: `<input type="datetime-local">` sends `2027-03-01T09:00` with no
 * zone, and staff mean the time in Lower Saxony. The API takes and answers instants.
 */
const ZONE = 'Europe/Berlin';
const wallClock = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function partsAt(ms: number) {
  const parts = Object.fromEntries(wallClock.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { year: +parts.year!, month: +parts.month!, day: +parts.day!, hour: +parts.hour!, minute: +parts.minute! };
}

/** How far Berlin's wall clock is ahead of UTC at that instant (1 or 2 hours), in ms. */
function offsetAt(ms: number): number {
  const p = partsAt(ms);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(ms / 60_000) * 60_000;
}

/** `2027-03-01T09:00` (Berlin) → `2027-03-01T08:00:00.000Z`; undefined for anything else. */
export function instantOfBerlinTime(value: string | undefined): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value?.trim() ?? '');
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  if (Number.isNaN(asUtc) || new Date(asUtc).getUTCDate() !== d) return undefined;
  // Two passes find the offset that holds at the instant itself (around the change to and from summer time).
  const first = asUtc - offsetAt(asUtc);
  return new Date(asUtc - offsetAt(first)).toISOString();
}

/** An instant → the value of a datetime-local field, on Berlin's wall clock. */
export function berlinTimeOf(instant: string): string {
  const p = partsAt(Date.parse(instant));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}
