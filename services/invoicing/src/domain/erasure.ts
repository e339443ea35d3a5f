/**
 * Which name an erasure blanks, and its copies blanked in stored event data (docs/privacy.md, "Invoicing";
 * decisions.md 128). Pure: the caller reads and writes the rows.
 */

/** What a stored event of a position stream is, as far as names go. */
export interface NamingEvent {
  readonly type: string;
  readonly data: unknown;
}

interface Renaming {
  readonly participant: string;
  readonly previous: string;
  readonly substitutedAt?: string;
  readonly renamedAt: string;
}

/**
 * The name the erased person had on the position. Without `leftAt` they held the place to the end: the name it
 * has now. With `leftAt` they handed it on at that instant: the name before the renaming that substitution caused,
 * the first renaming at or after it (by registration's `substitutedAt`, or for renamings recorded before issue 14 by
 * when invoicing renamed, which is never earlier). No such renaming: the substitution did not reach the position
 * (it was invoiced already), which still names the person. Empty: the position names nobody.
 */
export function erasedName(events: readonly NamingEvent[], leftAt: string | null): string {
  let name = '';
  const renamings: Renaming[] = [];
  for (const event of events) {
    if (event.type === 'PositionOpened') name = (event.data as { participant: string }).participant;
    if (event.type === 'PositionRenamed') {
      const renaming = event.data as Renaming;
      renamings.push(renaming);
      name = renaming.participant;
    }
  }
  if (leftAt === null) return name;
  const left = Date.parse(leftAt);
  const handedOn = renamings.find((r) => Date.parse(r.substitutedAt ?? r.renamedAt) >= left);
  return handedOn ? handedOn.previous : name;
}

/** An issued or drafted line, as far as names go. */
interface NamedLine {
  readonly registrationId: string;
  readonly participant: string;
}

/** How many copies of the name a blanking removed, and the data without them. */
export interface Blanked<D> {
  readonly data: D;
  readonly count: number;
}

/**
 * `data` (a stored event's, or a row's lines) with `name` blanked wherever it names the registration's person: a
 * position event's `participant` and `previous`, and the `participant` of the registration's `lines` (a credit note
 * draft's, an issued document's). Everything else stays as it was.
 */
export function withoutName<D>(data: D, name: string, registrationId: string): Blanked<D> {
  return blank(data, (line) => line.registrationId === registrationId && line.participant === name, name);
}

/** `data` with every line's participant blanked: an issued document whose retention period ended. */
export function withoutLineNames<D>(data: D): Blanked<D> {
  return blank(data, (line) => line.participant !== '', null);
}

function blank<D>(data: D, lineNamed: (line: NamedLine) => boolean, name: string | null): Blanked<D> {
  if (name === '') return { data, count: 0 };
  if (Array.isArray(data)) {
    let count = 0;
    const lines = data.map((line: NamedLine) => {
      if (!lineNamed(line)) return line;
      count += 1;
      return { ...line, participant: '' };
    });
    return { data: lines as D, count };
  }
  if (typeof data !== 'object' || data === null) return { data, count: 0 };
  const record = data as Record<string, unknown>;
  let count = 0;
  const result: Record<string, unknown> = { ...record };
  if (name !== null) {
    for (const field of ['participant', 'previous'] as const) {
      if (record[field] === name) {
        result[field] = '';
        count += 1;
      }
    }
  }
  if (Array.isArray(record.lines)) {
    const lines = blank(record.lines, lineNamed, name);
    result.lines = lines.data;
    count += lines.count;
  }
  return { data: (count > 0 ? result : data) as D, count };
}
