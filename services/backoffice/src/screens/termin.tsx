import type { ApiProblem } from '../api/problem.ts';
import type { BackofficeContext } from '../http/env.ts';
import { mayWorkIn } from '../staff/roles.ts';
import { Facts } from '../ui/facts.tsx';
import { PostForm } from '../ui/form.tsx';
import { formatDate, formatDateTime, isoDay } from '../ui/format.ts';
import { Badge, ProblemMessage } from '../ui/messages.tsx';
import { renderPage } from '../ui/page.tsx';
import { type Column, DataTable } from '../ui/table.tsx';
import { emailOfPerson, isErasedPerson, nameOf, type Offering, type Registration } from './catalogue-resources.ts';
import { DATENSCHUTZ } from './datenschutz-shared.tsx';
import { type ListedParticipant, participantCsv, signInSheetPdf } from './participant-list.ts';
import { dateHref, fillLevel, problemPage, StatusBadge, seminarHref, terminHref } from './programm-shared.tsx';
import type { Screen } from './screen.ts';
import { AttendanceForm, terminActionRoutes } from './termin-actions.tsx';
import { attendanceOpen, participantsOf } from './termin-data.ts';

const personName = (r: Registration) => nameOf(r.participant);
const registrationHref = (r: Registration) => `${terminHref(r.offeringId)}/anmeldungen/${r.id}`;

/** "Abmelden" for one person: posts to the preview with the fee (termin-actions.tsx), nothing is cancelled yet. */
const CancelButton = ({ c, registration }: { c: BackofficeContext; registration: Registration }) => (
  <PostForm c={c} action={`${registrationHref(registration)}/abmelden`}>
    <button type="submit" class="kern-btn kern-btn--tertiary">
      <span class="kern-label">
        Abmelden<span class="kern-sr-only"> {personName(registration)}</span>
      </span>
    </button>
  </PostForm>
);

/** "Daten löschen" for one person: posts to Datenschutz's confirmation (datenschutz-loeschung.tsx), nothing is erased yet. */
const EraseButton = ({ c, registration }: { c: BackofficeContext; registration: Registration }) =>
  mayWorkIn(c.get('session').staff.role, 'privacy') &&
  !isErasedPerson(registration.participant) && (
    <PostForm c={c} action={`${DATENSCHUTZ}/loeschung`}>
      <input type="hidden" name="registrationId" value={registration.id} />
      <button type="submit" class="kern-btn kern-btn--tertiary">
        <span class="kern-label">
          Daten löschen<span class="kern-sr-only"> von {personName(registration)}</span>
        </span>
      </button>
    </PostForm>
  );

const attendedText = (attended: boolean | undefined) =>
  attended === undefined ? '–' : attended ? <Badge tone="success">anwesend</Badge> : <Badge tone="warning">nicht erschienen</Badge>;

function confirmedColumns(c: BackofficeContext, offering: Offering): Column<ListedParticipant>[] {
  const open = offering.status !== 'cancelled';
  return [
    { header: 'Name', cell: ({ registration }) => personName(registration) },
    { header: 'E-Mail', cell: ({ registration }) => emailOfPerson(registration.participant) || '–' },
    { header: 'Kommune', cell: ({ municipality }) => municipality },
    { header: 'Angemeldet am', cell: ({ registration }) => formatDate(registration.createdAt) },
    { header: 'Anwesenheit', cell: ({ registration }) => attendedText(registration.attended) },
    {
      header: 'Aktion',
      cell: ({ registration }) =>
        open ? (
          <div class="app-participant-actions">
            <CancelButton c={c} registration={registration} />
            <a class="kern-link" href={`${registrationHref(registration)}/ersetzen`}>
              Ersetzen<span class="kern-sr-only"> {personName(registration)}</span>
            </a>
            <EraseButton c={c} registration={registration} />
          </div>
        ) : (
          <EraseButton c={c} registration={registration} />
        ),
    },
  ];
}

function waitlistColumns(c: BackofficeContext, offering: Offering): Column<ListedParticipant>[] {
  return [
    { header: 'Platz', numeric: true, cell: ({ registration }) => String(registration.waitlistPosition ?? '–') },
    { header: 'Name', cell: ({ registration }) => personName(registration) },
    { header: 'E-Mail', cell: ({ registration }) => emailOfPerson(registration.participant) || '–' },
    { header: 'Kommune', cell: ({ municipality }) => municipality },
    { header: 'Angemeldet am', cell: ({ registration }) => formatDate(registration.createdAt) },
    {
      header: 'Aktion',
      cell: ({ registration }) => (
        <div class="app-participant-actions">
          {offering.status !== 'cancelled' && <CancelButton c={c} registration={registration} />}
          <EraseButton c={c} registration={registration} />
        </div>
      ),
    },
  ];
}

const titleOf = (offering: Offering) => `${offering.title} am ${formatDate(offering.startsAt)}`;

/** Termin: one date's facts, its participants and waiting list, and what can be done with them. */
export async function terminPage(c: BackofficeContext, id: string, failure?: ApiProblem) {
  const data = await participantsOf(c.get('api'), id);
  if (!data.offering.ok) return problemPage(c, 'Termin', data.offering.problem);
  const offering = data.offering.body;
  const open = offering.status !== 'cancelled';
  return renderPage(
    c,
    titleOf(offering),
    <>
      <p class="kern-body">
        <a class="kern-link" href={seminarHref(offering.seminarId)}>
          Zum Seminar
        </a>
        {open && (
          <>
            {' · '}
            <a class="kern-link" href={dateHref(id)}>
              Termin ändern (verschieben, Plätze, absagen)
            </a>
          </>
        )}
      </p>
      {failure && <ProblemMessage problem={failure} />}
      {data.problem && <ProblemMessage problem={data.problem} title="Die Anmeldungen konnten nicht vollständig geladen werden" />}
      <Facts
        items={[
          ['Status', <StatusBadge status={offering.status} />],
          ['Beginn', formatDateTime(offering.startsAt)],
          ['Ende', formatDateTime(offering.endsAt)],
          ['Ort', offering.location],
          ['Anmeldeschluss', formatDate(offering.registrationDeadline)],
          ['Belegt', fillLevel(offering, data.summary)],
        ]}
      />
      <div class="app-actions">
        {open && (
          <a class="kern-btn kern-btn--primary" href={`${terminHref(id)}/anmelden`}>
            <span class="kern-label">Person anmelden</span>
          </a>
        )}
        <a class="kern-btn kern-btn--secondary" href={`${terminHref(id)}/teilnehmende.csv`} download>
          <span class="kern-label">Teilnehmerliste (CSV)</span>
        </a>
        <a class="kern-btn kern-btn--secondary" href={`${terminHref(id)}/unterschriftenliste.pdf`} download>
          <span class="kern-label">Unterschriftenliste (PDF)</span>
        </a>
      </div>
      <section class="app-section" aria-labelledby="angemeldet">
        <h2 class="kern-heading-medium" id="angemeldet">
          Angemeldet ({data.confirmed.length})
        </h2>
        <DataTable
          caption="Angemeldete Teilnehmende"
          captionHidden
          columns={confirmedColumns(c, offering)}
          rows={data.confirmed}
          empty="Noch niemand angemeldet."
        />
      </section>
      <section class="app-section" aria-labelledby="warteliste">
        <h2 class="kern-heading-medium" id="warteliste">
          Warteliste ({data.waitlisted.length})
        </h2>
        <DataTable
          caption="Warteliste in der Reihenfolge des Nachrückens"
          captionHidden
          columns={waitlistColumns(c, offering)}
          rows={data.waitlisted}
          empty="Niemand auf der Warteliste."
        />
      </section>
      {offering.status === 'published' && data.confirmed.length > 0 && (
        <section class="app-section" aria-labelledby="anwesenheit">
          <h2 class="kern-heading-medium" id="anwesenheit">
            Anwesenheit
          </h2>
          {attendanceOpen(offering) ? (
            <AttendanceForm c={c} offeringId={id} participants={data.confirmed} />
          ) : (
            <p class="kern-body">Die Anwesenheit kann ab dem {formatDate(offering.startsAt)} erfasst werden.</p>
          )}
        </section>
      )}
    </>,
    failure ? 422 : 200,
  );
}

const fileDay = (offering: Offering) => isoDay(new Date(offering.startsAt));
/** Downloads of personal data: an attachment, never cached (not by the browser, not by a proxy). */
const download = (filename: string, type: string) => ({
  'content-type': type,
  'content-disposition': `attachment; filename="${filename}"`,
  'cache-control': 'no-store',
});

async function exportList(c: BackofficeContext, id: string, kind: 'csv' | 'pdf') {
  const data = await participantsOf(c.get('api'), id);
  if (!data.offering.ok) return problemPage(c, 'Termin', data.offering.problem);
  if (data.problem) return terminPage(c, id, data.problem);
  const offering = data.offering.body;
  if (kind === 'csv')
    return c.body(
      participantCsv([...data.confirmed, ...data.waitlisted]),
      200,
      download(`teilnehmende-${fileDay(offering)}.csv`, 'text/csv; charset=utf-8'),
    );
  const pdf = await signInSheetPdf(offering, data.confirmed);
  return c.body(pdf, 200, download(`unterschriftenliste-${fileDay(offering)}.pdf`, 'application/pdf'));
}

/** Termin: one date with its participants; reached from Programm and the Übersicht. */
export const termin: Screen = {
  path: '/termine',
  area: 'catalogue',
  routes(router) {
    router.get('/:id', (c) => terminPage(c, c.req.param('id')));
    router.get('/:id/teilnehmende.csv', (c) => exportList(c, c.req.param('id'), 'csv'));
    router.get('/:id/unterschriftenliste.pdf', (c) => exportList(c, c.req.param('id'), 'pdf'));
    terminActionRoutes(router, terminPage);
  },
};
