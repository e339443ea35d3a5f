import type { Child } from 'hono/jsx';
import type { ApiProblem } from '../api/problem.ts';
import type { BackofficeContext, FormFields } from '../http/env.ts';
import { BASE } from '../http/env.ts';
import { ConfirmStep } from '../ui/confirm.tsx';
import { SubmitButton } from '../ui/form.tsx';
import { Badge, ProblemMessage } from '../ui/messages.tsx';
import { renderPage } from '../ui/page.tsx';
import type { Offering, RegistrationSummary, Status } from './catalogue-resources.ts';

/** What Programm's pages (seminars, dates) and Termin share: addresses, the status badge, the fill level. */
export const PROGRAMM = `${BASE}/programm`;
export const seminarHref = (id: string) => `${PROGRAMM}/seminare/${id}`;
export const terminHref = (offeringId: string) => `${BASE}/termine/${offeringId}`;
/** A date's page in Programm (move, seats, publish, cancel); terminHref is its participants. */
export const dateHref = (offeringId: string) => `${PROGRAMM}/termine/${offeringId}`;

export const StatusBadge = ({ status }: { status: Status }) =>
  status === 'draft' ? (
    <Badge tone="info">Entwurf</Badge>
  ) : status === 'cancelled' ? (
    <Badge tone="danger">abgesagt</Badge>
  ) : (
    <Badge tone="success">veröffentlicht</Badge>
  );

/** How full a date is: confirmed of capacity, and the waiting list (from registration; the catalogue's count as fallback). */
export function fillLevel(offering: Offering, summary: RegistrationSummary | undefined) {
  const capacity = summary?.capacity ?? offering.capacity;
  const confirmed = summary?.confirmed ?? Math.max(0, offering.capacity - offering.seatsAvailable);
  return (
    <>
      {confirmed} von {capacity}
      {confirmed >= capacity && (
        <>
          {' '}
          <Badge tone="danger">ausgebucht</Badge>
        </>
      )}
      {summary && summary.waitlisted > 0 && `, ${summary.waitlisted} auf der Warteliste`}
    </>
  );
}

/** A page that could not be loaded: the problem in words, and the way back. */
export const problemPage = (c: BackofficeContext, title: string, problem: ApiProblem) =>
  renderPage(
    c,
    title,
    <>
      <ProblemMessage problem={problem} title="Die Seite konnte nicht geladen werden" />
      <p class="kern-body">
        <a class="kern-link" href={PROGRAMM}>
          Zum Programm
        </a>
      </p>
    </>,
    problem.status === 404 ? 404 : 200,
  );

/** The reason a cancellation needs, or the problem that it is missing. */
export const reasonOf = (form: FormFields) => form.reason?.trim() || undefined;
export const missingReason = { reason: 'Bitte geben Sie einen Grund an.' };

/** The confirmation page of an action that cannot be undone: the submitted form posted again to the same address. */
export function confirmPage(
  c: BackofficeContext,
  title: string,
  props: { question: string; confirmLabel: string; cancelHref: string },
  children: Child,
) {
  return renderPage(
    c,
    title,
    <ConfirmStep c={c} action={c.req.path} form={c.get('form')} {...props}>
      {children}
    </ConfirmStep>,
  );
}

/** A form's primary button and the way back. */
export const FormActions = ({ submit, cancelHref }: { submit: string; cancelHref: string }) => (
  <div class="app-actions">
    <SubmitButton label={submit} />
    <a class="kern-btn kern-btn--secondary" href={cancelHref}>
      <span class="kern-label">Abbrechen</span>
    </a>
  </div>
);
