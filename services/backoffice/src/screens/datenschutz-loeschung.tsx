import type { ApiProblem } from '../api/problem.ts';
import type { BackofficeContext, FormFields } from '../http/env.ts';
import { ConfirmStep, isConfirmed } from '../ui/confirm.tsx';
import { idempotencyKeyOf } from '../ui/form.tsx';
import { formatDate } from '../ui/format.ts';
import { Alert, ProblemMessage } from '../ui/messages.tsx';
import { redirectWithOutcome, renderPage } from '../ui/page.tsx';
import { Section } from '../ui/section.tsx';
import { emailOfPerson, nameOf, type Registration } from './catalogue-resources.ts';
import type { Returned } from './datenschutz.tsx';
import {
  DATENSCHUTZ,
  EMAIL_MISSING,
  emailOf,
  erasureHref,
  liveStatus,
  ReloadLink,
  RequestBadge,
  RequestTimes,
  ServiceProgress,
} from './datenschutz-shared.tsx';
import { terminHref } from './programm-shared.tsx';

/** Löschung (Art. 17): the confirmation before it, and one erasure's confirmation by every service after it. */
type Overview = (c: BackofficeContext, returned: { erasure: Returned }) => Promise<Response>;

/** Whom the erasure is about, as the confirmation names them, and where "Abbrechen" leads. */
type Subject = { who: string; scope: 'person' | 'registration'; cancelHref: string };

const RETENTION_NOTE =
  'Ausgestellte Rechnungen und Gutschriften behalten den Namen für ihre gesetzliche Aufbewahrungsfrist von 8 Jahren (§ 147 Abgabenordnung).';

async function registrationSubject(c: BackofficeContext, registrationId: string): Promise<Subject | ApiProblem> {
  const registration = await c.get('api').get<Registration>(`/v1/registrations/${encodeURIComponent(registrationId)}`);
  if (!registration.ok) return registration.problem;
  const { participant, offeringId, createdAt } = registration.body;
  const email = emailOfPerson(participant);
  return {
    who: `${nameOf(participant)} (${email ? `${email}, ` : ''}Anmeldung vom ${formatDate(createdAt)})`,
    scope: 'registration',
    cancelHref: terminHref(offeringId),
  };
}

function confirmErasure(c: BackofficeContext, form: FormFields, subject: Subject, problem?: ApiProblem) {
  c.header('Cache-Control', 'no-store');
  return renderPage(
    c,
    'Daten löschen',
    <>
      {problem && <ProblemMessage problem={problem} title="Die Löschung wurde nicht gestartet" />}
      <ConfirmStep
        c={c}
        action={`${DATENSCHUTZ}/loeschung`}
        form={form}
        question={`Daten von ${subject.who} endgültig löschen?`}
        confirmLabel="Endgültig löschen"
        cancelHref={subject.cancelHref}
      >
        <p class="kern-body">
          {subject.scope === 'registration'
            ? 'Name und E-Mail-Adresse der Person werden aus dieser Anmeldung gelöscht, in allen Diensten: '
            : 'Name und E-Mail-Adresse der Person werden aus allen ihren Anmeldungen gelöscht, in allen Diensten: '}
          Anmeldungen, E-Mails und Benachrichtigungen, Rechnungswesen, Seminarprogramm und gespeicherte Auskünfte. Die Anmeldung zählt
          weiter für Plätze und Warteliste, aber ohne Namen.
        </p>
        <p class="kern-body">{RETENTION_NOTE}</p>
        <p class="kern-body">
          Das lässt sich nicht rückgängig machen. Hat die Person auch eine Auskunft verlangt, starten Sie diese vorher.
        </p>
      </ConfirmStep>
    </>,
    problem ? 422 : 200,
  );
}

/**
 * Daten löschen, from Datenschutz (by e-mail address) or from a Termin's participant list (one registration): step one
 * asks, step two (confirmed) starts the erasure and remembers it here, without the address.
 */
export async function startErasure(c: BackofficeContext, overview: Overview) {
  const form = c.get('form');
  const registrationId = form.registrationId?.trim() || undefined;
  const email = registrationId ? undefined : emailOf(form.email);
  if (!registrationId && !email) return overview(c, { erasure: { form, error: EMAIL_MISSING } });
  const subject = async () => {
    if (!registrationId) return { who: email ?? '', scope: 'person', cancelHref: DATENSCHUTZ } satisfies Subject;
    return registrationSubject(c, registrationId);
  };
  const ask = async (problem?: ApiProblem) => {
    const about = await subject();
    if ('status' in about) return overview(c, { erasure: { form, problem: about } });
    return confirmErasure(c, form, about, problem);
  };
  if (!isConfirmed(form)) return ask();
  const started = await c
    .get('api')
    .post<{ id: string }>('/v1/privacy/erasures', registrationId ? { registrationId } : { email }, idempotencyKeyOf(form));
  if (!started.ok) return ask(started.problem);
  await c.get('privacyRequests').record(started.body.id, 'erasure', c.get('session').staff.id);
  return redirectWithOutcome(c, erasureHref(started.body.id), 'Die Löschung ist gestartet. Die Dienste löschen die Daten jetzt.');
}

export async function erasurePage(c: BackofficeContext, id: string) {
  const erasure = await liveStatus(c, `/v1/privacy/erasures/${encodeURIComponent(id)}`);
  const back = (
    <p class="kern-body">
      <a class="kern-link" href={DATENSCHUTZ}>
        Zurück zu Datenschutz
      </a>
    </p>
  );
  if (!erasure.ok)
    return renderPage(
      c,
      'Löschung',
      <>
        <ProblemMessage problem={erasure.problem} title="Die Löschung konnte nicht geladen werden" />
        {back}
      </>,
      erasure.problem.status === 404 ? 404 : 200,
    );
  const { status, failure, registrations } = erasure.body;
  return renderPage(
    c,
    'Löschung',
    <>
      {status === 'completed' && <Alert tone="success" title="Alle Dienste haben die Löschung bestätigt." />}
      {status === 'failed' && (
        <Alert tone="danger" title="Die Löschung wurde nicht ausgeführt: Es gab nichts zu löschen.">
          {failure?.detail && <p class="kern-body">{failure.detail}</p>}
          <p class="kern-body">Prüfen Sie die E-Mail-Adresse oder die Anmeldung und starten Sie die Löschung gegebenenfalls neu.</p>
        </Alert>
      )}
      <RequestTimes request={erasure.body} status={<RequestBadge status={status} doneWord="abgeschlossen" />} />
      {registrations !== undefined && (
        <p class="kern-body">{registrations === 1 ? 'Gelöscht aus 1 Anmeldung.' : `Gelöscht aus ${registrations} Anmeldungen.`}</p>
      )}
      {status === 'pending' && <ReloadLink href={erasureHref(id)} />}
      <Section id="dienste" title="Bestätigung der Dienste">
        <ServiceProgress request={erasure.body} doneWord="gelöscht" pendingWord="noch nicht bestätigt" />
        <p class="kern-body">{RETENTION_NOTE}</p>
      </Section>
      {back}
    </>,
  );
}
