// zod as @hono/zod-openapi extends it: zod 4 copies methods onto a schema when it is made, so a schema made before
// that module is loaded has no `.openapi()` (which the API's fields call on these), whichever module is imported first.
import { z } from '@hono/zod-openapi';

export const Money = z.object({
  amountCents: z.number().int().nonnegative(),
  currency: z.literal('EUR'),
});
export type Money = z.infer<typeof Money>;

// Request fields (docs/api.md, "Limits"). Every string a request carries has a maximum length and is built on `Text`,
// an id format or an enum; packages/contracts/src/request-schemas.spec.ts holds every request schema to that.

/** An unpaired UTF-16 surrogate: not Unicode, so UTF-8 cannot encode it and jsonb refuses its `\uD800` escape. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether PostgreSQL can store the text. JSON lets a client send two things it cannot: NUL (`"\u0000"`, refused by
 * `text` and `jsonb`) and an unpaired surrogate (`"\uD800"`, which JSON.parse keeps as it is).
 */
export const isStorableText = (text: string) => !text.includes('\u0000') && !UNPAIRED_SURROGATE.test(text);

/** The check of `Text`, for a string of another format that could still carry such text (a URL). */
export const storableText = () => z.refine<string>(isStorableText, 'must not contain a NUL character (\\u0000) or an unpaired surrogate');

/**
 * The base of every free-text field of a request: text PostgreSQL can store, answered 400 naming the field
 * otherwise (a 500 from the database, and in a batch perhaps after others were decided, helps no client).
 */
export const Text = z.string().check(storableText());

/** A municipality (the customer id of invoicing): a slug such as `oldenburg`. */
export const MunicipalityId = z
  .string()
  .min(2)
  .max(60)
  .regex(/^[a-z0-9-]+$/, 'must be a municipality id: 2–60 lower-case letters, digits and hyphens');

/** `nextCursor` of a previous page, passed back unchanged: base64url, as packages/http/src/cursor.ts writes it. */
export const Cursor = z
  .string()
  .min(1)
  .max(500)
  .regex(/^[A-Za-z0-9_-]+$/, 'is not a cursor of this list');

/** An id of ours. */
export const Id = z.uuid().max(36);

/** A calendar day, `YYYY-MM-DD`. */
export const Day = z.iso.date().max(10);

/** An instant as RFC 3339 with an offset (at most nanoseconds: 35 characters). */
export const Instant = z.iso.datetime({ offset: true }).max(35);

/** An e-mail address (RFC 5321 allows 254 characters); the format admits only ASCII, so no further check. */
export const Email = z.email().max(254);

export const Participant = z.object({
  firstName: Text.trim().min(1).max(100),
  lastName: Text.trim().min(1).max(100),
  email: Email,
});
export type Participant = z.infer<typeof Participant>;

/**
 * A participant whose personal data was erased (on request, Art. 17 DSGVO, or when its retention period ended):
 * events about the registration still flow, naming nobody (docs/privacy.md).
 */
export const ErasedParticipant = z.object({ erased: z.literal(true) });
export type ErasedParticipant = z.infer<typeof ErasedParticipant>;

/** The person an event is about: the participant, or the marker that their data is erased. */
export const EventParticipant = z.union([Participant, ErasedParticipant]);
export type EventParticipant = z.infer<typeof EventParticipant>;

export const isErased = (participant: EventParticipant): participant is ErasedParticipant => 'erased' in participant;

/** Who made a booking: a partner municipality's API key or the institute's back office. */
export const Booker = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('municipality'), municipalityId: z.string().min(1) }),
  z.object({ kind: z.literal('back-office'), actor: z.string().min(1) }),
]);
export type Booker = z.infer<typeof Booker>;

/** VAT treatment of a fee. Seminars of public training institutes are usually exempt (§ 4 Nr. 22a UStG). */
export const VatTreatment = z.enum(['exempt-4-22a', 'standard-19', 'reduced-7']);
export type VatTreatment = z.infer<typeof VatTreatment>;

/** What a participant is told about the date: enough for a confirmation and a calendar entry. */
export const OfferingSnapshot = z.object({
  seminarId: z.uuid(),
  title: z.string().min(1),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  venue: z.string().min(1),
  /** Online dates: the meeting link, for confirmed participants only. */
  onlineLink: z.url().optional(),
});
export type OfferingSnapshot = z.infer<typeof OfferingSnapshot>;
