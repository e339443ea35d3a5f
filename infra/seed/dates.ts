/**
 * The demo programme has fixed dates (shared/data/catalogue.json). So that `npm start` and the demo-seed test keep
 * working after those dates have passed, the whole programme is moved ahead by whole years of 52 weeks (so every date
 * keeps its weekday) until its first registration deadline is at least `leadDays` away. Times keep their wall-clock
 * value in Europe/Berlin, with the UTC offset of the new day (summer or winter time).
 */
const WEEK_YEAR_DAYS = 364;
const DAY_MS = 86_400_000;

interface DatedOffering {
  start: string;
  end: string;
  registrationDeadline: string;
  sessions?: { startsAt: string; endsAt: string }[];
}

export function keepProgrammeAhead<S extends { offerings: DatedOffering[] }>(seminars: readonly S[], today: Date, leadDays = 7): S[] {
  const deadlines = seminars.flatMap((s) => s.offerings.map((o) => Date.parse(`${o.registrationDeadline}T00:00:00Z`)));
  if (deadlines.length === 0) return [...seminars];
  const wanted = today.getTime() + leadDays * DAY_MS;
  const earliest = Math.min(...deadlines);
  const years = earliest >= wanted ? 0 : Math.ceil((wanted - earliest) / (WEEK_YEAR_DAYS * DAY_MS));
  if (years === 0) return [...seminars];
  const days = years * WEEK_YEAR_DAYS;
  return seminars.map((s) => ({
    ...s,
    offerings: s.offerings.map((o) => ({
      ...o,
      start: moveLocal(o.start, days),
      end: moveLocal(o.end, days),
      registrationDeadline: moveDay(o.registrationDeadline, days),
      ...(o.sessions
        ? { sessions: o.sessions.map((x) => ({ startsAt: moveLocal(x.startsAt, days), endsAt: moveLocal(x.endsAt, days) })) }
        : {}),
    })),
  }));
}

const moveDay = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** `2027-02-16T09:00:00+01:00` moved by `days`, still 09:00 in Berlin. */
function moveLocal(time: string, days: number): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)/.exec(time);
  if (!match) throw new Error(`not an RFC 3339 time: ${time}`);
  const [, day, clock] = match as unknown as [string, string, string];
  const newDay = moveDay(day, days);
  return `${newDay}T${clock.length === 5 ? `${clock}:00` : clock}${berlinOffset(newDay, clock)}`;
}

/** The UTC offset Berlin has at that wall-clock time (`+01:00` or `+02:00`). */
function berlinOffset(day: string, clock: string): string {
  const asIfUtc = Date.parse(`${day}T${clock.length === 5 ? `${clock}:00` : clock}Z`);
  for (const hours of [1, 2]) {
    const instant = new Date(asIfUtc - hours * 3_600_000);
    const name = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', timeZoneName: 'shortOffset' })
      .formatToParts(instant)
      .find((p) => p.type === 'timeZoneName')?.value;
    if (name === `GMT+${hours}`) return `+0${hours}:00`;
  }
  return '+01:00'; // the hour that does not exist when clocks go forward: winter time, as a person would read it
}
