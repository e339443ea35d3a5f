import { createHash, randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import type { ApiProblem } from '../api/problem.ts';
import type { BackofficeContext, BackofficeEnv, FormFields } from '../http/env.ts';
import { isConfirmed } from '../ui/confirm.tsx';
import { fieldError, idempotencyKeyOf, PostForm, SelectField, SubmitButton, TextField } from '../ui/form.tsx';
import { formatEuro } from '../ui/format.ts';
import { ProblemMessage } from '../ui/messages.tsx';
import { redirectWithOutcome, renderPage } from '../ui/page.tsx';
import { municipalitiesOf, nameOf, type Offering, type Registration } from './catalogue-resources.ts';
import type { ListedParticipant } from './participant-list.ts';
import { confirmPage, FormActions, problemPage, terminHref } from './programm-shared.tsx';
import { registrationsOf } from './termin-data.ts';

type TerminPage = (c: BackofficeContext, id: string, failure?: ApiProblem) => Promise<Response>;

/** POST /v1/registrations/{id}/cancel with `dryRun` (CancellationPreview in packages/contracts). */
interface CancellationPreview {
  status: 'confirmed' | 'waitlisted';
  cancellation: {
    reason: 'participant' | 'institute';
    kind: 'free' | 'late' | 'no-show';
    feePercent: number;
    amount: { amountCents: number };
  };
  movesUp: { registrationId: string; participant?: { firstName: string; lastName: string } }[];
}

const personName = (r: { participant: Parameters<typeof nameOf>[0] }) => nameOf(r.participant);
const registrationHref = (offeringId: string, registrationId: string) => `${terminHref(offeringId)}/anmeldungen/${registrationId}`;

/** The fee classification in words: what the cancellation terms say this cancellation costs. */
function feeText({ cancellation: { kind, feePercent, amount } }: CancellationPreview) {
  if (kind === 'free' || feePercent === 0) return 'Einordnung: kostenfreie Abmeldung. Es wird keine Gebühr berechnet.';
  const what = kind === 'late' ? 'späte Abmeldung' : 'Nichterscheinen (der Termin hat begonnen)';
  return `Einordnung: ${what}. Berechnet werden ${feePercent} % der Gebühr: ${formatEuro(amount.amountCents)}.`;
}

/**
 * Abmelden, step one: the preview of the cancellation (its fee classification, who moves up) and the question;
 * step two (confirmed): the cancellation. If the API cannot preview (400/422: a version without dry run), the
 * question comes without the fee.
 */
async function cancelRegistration(c: BackofficeContext, offeringId: string, registrationId: string, page: TerminPage) {
  const api = c.get('api');
  const form = c.get('form');
  if (isConfirmed(form)) {
    const result = await api.post<Registration>(`/v1/registrations/${registrationId}/cancel`, {}, idempotencyKeyOf(form));
    if (!result.ok) return page(c, offeringId, result.problem);
    return redirectWithOutcome(c, terminHref(offeringId), `${personName(result.body)} ist abgemeldet.`);
  }
  const registration = await api.get<Registration>(`/v1/registrations/${registrationId}`);
  if (!registration.ok) return page(c, offeringId, registration.problem);
  // A preview changes nothing: its own key, so the confirmed cancellation is not answered with the preview's replay.
  const preview = await api.post<CancellationPreview>(`/v1/registrations/${registrationId}/cancel`, { dryRun: true }, randomUUID());
  if (!preview.ok && preview.problem.status !== 400 && preview.problem.status !== 422) return page(c, offeringId, preview.problem);
  const name = personName(registration.body);
  const movesUp = preview.ok
    ? preview.body.movesUp.map((m) => (m.participant ? personName({ participant: m.participant }) : 'eine Person'))
    : [];
  return confirmPage(
    c,
    'Abmelden',
    { question: `Soll ${name} abgemeldet werden?`, confirmLabel: 'Ja, abmelden', cancelHref: terminHref(offeringId) },
    <>
      <p class="kern-body">
        {preview.ok
          ? feeText(preview.body)
          : 'Die Gebühr kann gerade nicht vorab berechnet werden; sie richtet sich nach den Stornobedingungen des Seminars.'}
      </p>
      {movesUp.length > 0 && <p class="kern-body">Von der Warteliste rückt nach: {movesUp.join(', ')}.</p>}
      <p class="kern-body">Die Abmeldung lässt sich nicht rückgängig machen.</p>
    </>,
  );
}

const PARTICIPANT = ['participant.firstName', 'participant.lastName', 'participant.email'] as const;
const participantOf = (form: FormFields) => ({
  firstName: form['participant.firstName']?.trim() ?? '',
  lastName: form['participant.lastName']?.trim() ?? '',
  email: form['participant.email']?.trim() ?? '',
});

function PersonFields({ form, problem }: { form: FormFields; problem?: ApiProblem | undefined }) {
  const labels = { 'participant.firstName': 'Vorname', 'participant.lastName': 'Nachname', 'participant.email': 'E-Mail-Adresse' };
  return (
    <>
      {PARTICIPANT.map((name) => (
        <TextField
          name={name}
          label={labels[name]}
          required
          value={form[name]}
          error={fieldError(problem, name)}
          type={name === 'participant.email' ? 'email' : 'text'}
          autocomplete={name === 'participant.email' ? 'off' : undefined}
        />
      ))}
    </>
  );
}

function substitutePage(c: BackofficeContext, registration: Registration, form: FormFields = {}, problem?: ApiProblem) {
  return renderPage(
    c,
    `Ersatzperson für ${personName(registration)}`,
    <>
      {problem && <ProblemMessage problem={problem} />}
      <p class="kern-body">Die Ersatzperson übernimmt den Platz mit allen Bedingungen. Eine Stornogebühr entsteht nicht.</p>
      <PostForm
        c={c}
        action={`${registrationHref(registration.offeringId, registration.id)}/ersetzen`}
        idempotencyKey={problem && idempotencyKeyOf(form)}
        class="app-stack"
      >
        <PersonFields form={form} problem={problem} />
        <FormActions submit="Weiter" cancelHref={terminHref(registration.offeringId)} />
      </PostForm>
    </>,
    problem ? 422 : 200,
  );
}

/** Ersetzen: the API checks the new person first (dry run), then the question, then the substitution. */
async function substitute(c: BackofficeContext, offeringId: string, registrationId: string) {
  const api = c.get('api');
  const form = c.get('form');
  const registration = await api.get<Registration>(`/v1/registrations/${registrationId}`);
  if (!registration.ok) return problemPage(c, 'Ersatzperson', registration.problem);
  const participant = participantOf(form);
  if (!isConfirmed(form)) {
    const check = await api.post(`/v1/registrations/${registrationId}/substitute`, { participant, dryRun: true }, randomUUID());
    if (!check.ok) return substitutePage(c, registration.body, form, check.problem);
    return confirmPage(
      c,
      'Ersatzperson',
      {
        question: `Soll ${personName({ participant })} den Platz von ${personName(registration.body)} übernehmen?`,
        confirmLabel: 'Ja, Platz übergeben',
        cancelHref: terminHref(offeringId),
      },
      <p class="kern-body">
        {personName(registration.body)} wird abgemeldet, ohne Stornogebühr. {personName({ participant })} ({participant.email}) erhält die
        Bestätigung.
      </p>,
    );
  }
  const result = await api.post(`/v1/registrations/${registrationId}/substitute`, { participant }, idempotencyKeyOf(form));
  if (!result.ok) return substitutePage(c, registration.body, form, result.problem);
  return redirectWithOutcome(
    c,
    terminHref(offeringId),
    `${personName({ participant })} hat den Platz von ${personName(registration.body)} übernommen.`,
  );
}

async function registerPage(c: BackofficeContext, offeringId: string, form: FormFields = {}, problem?: ApiProblem) {
  const api = c.get('api');
  const [offering, municipalities] = await Promise.all([api.get<Offering>(`/v1/offerings/${offeringId}`), municipalitiesOf(api)]);
  if (!offering.ok) return problemPage(c, 'Person anmelden', offering.problem);
  const options = [
    ['', 'Ohne Kommune (keine Rechnung an eine Kommune)'] as const,
    ...[...municipalities].map(([id, name]) => [id, name] as const),
  ];
  return renderPage(
    c,
    `Person anmelden: ${offering.body.title}`,
    <>
      {problem && <ProblemMessage problem={problem} />}
      <p class="kern-body">Ist der Termin voll, kommt die Person auf die Warteliste.</p>
      <PostForm c={c} action={`${terminHref(offeringId)}/anmelden`} idempotencyKey={problem && idempotencyKeyOf(form)} class="app-stack">
        <PersonFields form={form} problem={problem} />
        <SelectField
          name="municipalityId"
          label="Kommune, der die Anmeldung berechnet wird"
          required
          value={form.municipalityId}
          error={fieldError(problem, 'municipalityId')}
          options={options}
        />
        <TextField
          name="purchaseOrderReference"
          label="Bestellnummer oder Aktenzeichen"
          value={form.purchaseOrderReference}
          error={fieldError(problem, 'purchaseOrderReference')}
          hint="Steht auf der Rechnung"
        />
        <FormActions submit="Anmelden" cancelHref={terminHref(offeringId)} />
      </PostForm>
    </>,
    problem ? 422 : 200,
  );
}

async function register(c: BackofficeContext, offeringId: string) {
  const form = c.get('form');
  const participant = participantOf(form);
  const body = {
    offeringId,
    participant,
    ...(form.municipalityId ? { municipalityId: form.municipalityId } : {}),
    ...(form.purchaseOrderReference?.trim() ? { purchaseOrderReference: form.purchaseOrderReference.trim() } : {}),
  };
  const result = await c.get('api').post<Registration>('/v1/registrations', body, idempotencyKeyOf(form));
  if (!result.ok) return registerPage(c, offeringId, form, result.problem);
  const where =
    result.body.status === 'confirmed' ? 'ist angemeldet' : `steht auf der Warteliste (Platz ${result.body.waitlistPosition ?? '–'})`;
  return redirectWithOutcome(c, terminHref(offeringId), `${personName(result.body)} ${where}.`);
}

const attendedField = (registrationId: string) => `anwesend-${registrationId}`;

/** One checkbox per confirmed participant: ticked is present, unticked did not come (the no-show fee applies). */
export function AttendanceForm(props: { c: BackofficeContext; offeringId: string; participants: readonly ListedParticipant[] }) {
  return (
    <PostForm c={props.c} action={`${terminHref(props.offeringId)}/anwesenheit`}>
      <fieldset class="kern-fieldset">
        <legend class="kern-label">Wer war da?</legend>
        <div class="kern-hint" id="anwesenheit-hinweis">
          Angehakt: anwesend. Nicht angehakt: nicht erschienen; dafür gilt die Gebühr bei Nichterscheinen.
        </div>
        <div class="kern-fieldset__body">
          {props.participants.map(({ registration, municipality }) => (
            <div class="kern-form-check">
              <input
                class="kern-form-check__checkbox"
                type="checkbox"
                id={attendedField(registration.id)}
                name={attendedField(registration.id)}
                value="ja"
                checked={registration.attended !== false}
                aria-describedby="anwesenheit-hinweis"
              />
              <label class="kern-label" for={attendedField(registration.id)}>
                {personName(registration)} ({municipality})
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      <div class="app-actions">
        <SubmitButton label="Anwesenheit speichern" />
      </div>
    </PostForm>
  );
}

/** A key per registration from the form's key: a retried form repeats each call, never records twice. */
const keyFor = (formKey: string, registrationId: string) =>
  `${formKey}-${createHash('sha256').update(registrationId).digest('hex').slice(0, 16)}`;

/** Anwesenheit: the changes (not yet recorded, or different) are named and confirmed, then recorded one by one. */
async function recordAttendance(c: BackofficeContext, offeringId: string, page: TerminPage) {
  const api = c.get('api');
  const form = c.get('form');
  const confirmed = await registrationsOf(api, offeringId, 'confirmed');
  if (confirmed.problem) return page(c, offeringId, confirmed.problem);
  const changes = confirmed.items
    .map((registration) => ({ registration, attended: form[attendedField(registration.id)] === 'ja' }))
    .filter(({ registration, attended }) => registration.attended !== attended);
  if (changes.length === 0) return redirectWithOutcome(c, terminHref(offeringId), 'Die Anwesenheit war schon so erfasst.');
  const absent = changes.filter((change) => !change.attended).map(({ registration }) => personName(registration));
  const present = changes.length - absent.length;
  if (!isConfirmed(form))
    return confirmPage(
      c,
      'Anwesenheit speichern',
      { question: 'Soll die Anwesenheit so gespeichert werden?', confirmLabel: 'Ja, speichern', cancelHref: terminHref(offeringId) },
      <>
        <p class="kern-body">Anwesend: {present}.</p>
        <p class="kern-body">
          {absent.length > 0
            ? `Nicht erschienen: ${absent.join(', ')}. Dafür wird die Gebühr bei Nichterscheinen berechnet.`
            : 'Niemand wird als nicht erschienen erfasst.'}
        </p>
      </>,
    );
  const formKey = idempotencyKeyOf(form);
  for (const { registration, attended } of changes) {
    const result = await api.post(`/v1/registrations/${registration.id}/attendance`, { attended }, keyFor(formKey, registration.id));
    if (!result.ok) return page(c, offeringId, result.problem);
  }
  return redirectWithOutcome(
    c,
    terminHref(offeringId),
    `Die Anwesenheit ist gespeichert: ${present} anwesend, ${absent.length} nicht erschienen.`,
  );
}

/** What staff do on a Termin page: cancel (with the fee first), substitute, register by hand, record attendance. */
export function terminActionRoutes(router: Hono<BackofficeEnv>, page: TerminPage) {
  router.post('/:id/anmeldungen/:registrationId/abmelden', (c) =>
    cancelRegistration(c, c.req.param('id'), c.req.param('registrationId'), page),
  );
  router.get('/:id/anmeldungen/:registrationId/ersetzen', async (c) => {
    const registration = await c.get('api').get<Registration>(`/v1/registrations/${c.req.param('registrationId')}`);
    return registration.ok ? substitutePage(c, registration.body) : problemPage(c, 'Ersatzperson', registration.problem);
  });
  router.post('/:id/anmeldungen/:registrationId/ersetzen', (c) => substitute(c, c.req.param('id'), c.req.param('registrationId')));
  router.get('/:id/anmelden', (c) => registerPage(c, c.req.param('id')));
  router.post('/:id/anmelden', (c) => register(c, c.req.param('id')));
  router.post('/:id/anwesenheit', (c) => recordAttendance(c, c.req.param('id'), page));
}
