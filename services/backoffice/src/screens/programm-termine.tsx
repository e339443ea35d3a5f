import type { Hono } from 'hono';
import type { ApiProblem } from '../api/problem.ts';
import type { BackofficeContext, BackofficeEnv, FormFields } from '../http/env.ts';
import { berlinTimeOf, instantOfBerlinTime } from '../ui/berlin-time.ts';
import { isConfirmed } from '../ui/confirm.tsx';
import { Facts } from '../ui/facts.tsx';
import { fieldError, idempotencyKeyOf, PostForm, SelectField, SubmitButton, TextField } from '../ui/form.tsx';
import { formatDate, formatDateTime } from '../ui/format.ts';
import { ProblemMessage } from '../ui/messages.tsx';
import { redirectWithOutcome, renderPage } from '../ui/page.tsx';
import { formProblem, type Offering, type SeminarDetail, summariesOf } from './catalogue-resources.ts';
import { wholeNumberOf } from './programm-seminar-form.tsx';
import {
  confirmPage,
  dateHref,
  FormActions,
  fillLevel,
  missingReason,
  problemPage,
  reasonOf,
  StatusBadge,
  seminarHref,
  terminHref,
} from './programm-shared.tsx';

type Values = FormFields;
const field = (values: Values, problem: ApiProblem | undefined, name: string) => ({
  name,
  value: values[name],
  error: fieldError(problem, name),
});

/** Beginn, Ende and Anmeldeschluss as the API wants them; a time the app cannot read is named before asking. */
function timesOf(form: FormFields, errors: Record<string, string>) {
  const startsAt = instantOfBerlinTime(form.startsAt);
  const endsAt = instantOfBerlinTime(form.endsAt);
  if (!startsAt) errors.startsAt = 'Bitte geben Sie Datum und Uhrzeit des Beginns an.';
  if (!endsAt) errors.endsAt = 'Bitte geben Sie Datum und Uhrzeit des Endes an.';
  const registrationDeadline = /^\d{4}-\d{2}-\d{2}$/.test(form.registrationDeadline ?? '') ? form.registrationDeadline : undefined;
  return { startsAt, endsAt, registrationDeadline };
}

function venueOf(form: FormFields) {
  const text = (name: string) => form[name]?.trim() || undefined;
  return { name: text('venue.name'), street: text('venue.street'), postalCode: text('venue.postalCode'), city: text('venue.city') };
}

function newOfferingBody(form: FormFields): { ok: true; body: object } | { ok: false; problem: ApiProblem } {
  const errors: Record<string, string> = {};
  const times = timesOf(form, errors);
  if (!times.registrationDeadline) errors.registrationDeadline = 'Bitte geben Sie den Anmeldeschluss an.';
  const capacity = wholeNumberOf(form.capacity);
  if (capacity === undefined) errors.capacity = 'Bitte geben Sie die Zahl der Plätze an.';
  if (Object.keys(errors).length > 0) return { ok: false, problem: formProblem(errors) };
  const online = form.format === 'online';
  return {
    ok: true,
    body: {
      ...times,
      format: online ? 'online' : 'onsite',
      ...(online ? { onlineLink: form.onlineLink?.trim() || undefined } : { venue: venueOf(form) }),
      capacity,
      status: 'draft',
    },
  };
}

function VenueFields({ values, problem }: { values: Values; problem?: ApiProblem | undefined }) {
  return (
    <>
      <TextField
        {...field(values, problem, 'venue.name')}
        label="Veranstaltungsort"
        required
        hint="Haus oder Raum; bei Online-Terminen leer lassen"
      />
      <TextField {...field(values, problem, 'venue.street')} label="Straße und Hausnummer" />
      <TextField {...field(values, problem, 'venue.postalCode')} label="Postleitzahl" inputmode="numeric" />
      <TextField {...field(values, problem, 'venue.city')} label="Ort" required hint="Bei Online-Terminen leer lassen" />
    </>
  );
}

function TimeFields({ values, problem }: { values: Values; problem?: ApiProblem | undefined }) {
  return (
    <>
      <TextField {...field(values, problem, 'startsAt')} label="Beginn" type="datetime-local" required hint="Ortszeit Deutschland" />
      <TextField {...field(values, problem, 'endsAt')} label="Ende" type="datetime-local" required />
      <TextField {...field(values, problem, 'registrationDeadline')} label="Anmeldeschluss" type="date" required />
    </>
  );
}

function newOfferingPage(c: BackofficeContext, seminar: SeminarDetail, props: { form?: FormFields; problem?: ApiProblem } = {}) {
  const values = props.form ?? { format: 'onsite' };
  return renderPage(
    c,
    `Neuer Termin: ${seminar.title}`,
    <>
      {props.problem && <ProblemMessage problem={props.problem} />}
      <p class="kern-body">Der Termin wird als Entwurf angelegt. Zur Anmeldung öffnet ihn erst das Veröffentlichen.</p>
      <PostForm
        c={c}
        action={`${seminarHref(seminar.id)}/termine/neu`}
        idempotencyKey={props.form && idempotencyKeyOf(props.form)}
        class="app-stack"
      >
        <TimeFields values={values} problem={props.problem} />
        <SelectField
          {...field(values, props.problem, 'format')}
          label="Form"
          required
          options={[
            ['onsite', 'Präsenz'],
            ['online', 'Online'],
          ]}
        />
        <VenueFields values={values} problem={props.problem} />
        <TextField
          {...field(values, props.problem, 'onlineLink')}
          label="Link zur Videokonferenz"
          hint="Bei Online-Terminen; beginnt mit https://"
        />
        <TextField {...field(values, props.problem, 'capacity')} label="Plätze" required inputmode="numeric" />
        <FormActions submit="Termin anlegen" cancelHref={seminarHref(seminar.id)} />
      </PostForm>
    </>,
    props.problem ? 422 : 200,
  );
}

type DateForm = 'verschieben' | 'plaetze' | 'absagen' | 'veroeffentlichen';

/** One date in the programme: its facts, and the forms that move it, change its seats, publish or cancel it. */
async function datePage(c: BackofficeContext, id: string, failedForm?: { name: DateForm; form: FormFields; problem: ApiProblem }) {
  const api = c.get('api');
  const result = await api.get<Offering>(`/v1/offerings/${id}`);
  if (!result.ok) return problemPage(c, 'Termin', result.problem);
  const offering = result.body;
  const summary = (await summariesOf(api, [id])).get(id);
  const stateOf = (name: DateForm) => (failedForm?.name === name ? failedForm : undefined);
  const moved = stateOf('verschieben');
  const movedValues: Values = moved?.form ?? {
    startsAt: berlinTimeOf(offering.startsAt),
    endsAt: berlinTimeOf(offering.endsAt),
    registrationDeadline: offering.registrationDeadline,
    'venue.name': offering.venue?.name ?? '',
    'venue.street': offering.venue?.street ?? '',
    'venue.postalCode': offering.venue?.postalCode ?? '',
    'venue.city': offering.venue?.city ?? '',
  };
  const seats = stateOf('plaetze');
  const cancel = stateOf('absagen');
  const open = offering.status !== 'cancelled';
  return renderPage(
    c,
    `Termin ändern: ${offering.title}`,
    <>
      <p class="kern-body">
        <a class="kern-link" href={seminarHref(offering.seminarId)}>
          Zurück zum Seminar
        </a>
        {' · '}
        <a class="kern-link" href={terminHref(id)}>
          Teilnehmende dieses Termins
        </a>
      </p>
      {failedForm && <ProblemMessage problem={failedForm.problem} />}
      <Facts
        items={[
          ['Status', <StatusBadge status={offering.status} />],
          ['Beginn', formatDateTime(offering.startsAt)],
          ['Ende', formatDateTime(offering.endsAt)],
          ['Ort', offering.location],
          ['Anmeldeschluss', formatDate(offering.registrationDeadline)],
          ['Belegt', fillLevel(offering, summary)],
        ]}
      />
      {offering.status === 'draft' && (
        <section class="app-section" aria-labelledby="veroeffentlichen">
          <h2 class="kern-heading-medium" id="veroeffentlichen">
            Veröffentlichen
          </h2>
          <p class="kern-body">Der Termin ist ein Entwurf: nicht öffentlich und nicht zur Anmeldung geöffnet.</p>
          <PostForm c={c} action={`${dateHref(id)}/veroeffentlichen`}>
            <SubmitButton label="Termin veröffentlichen" />
          </PostForm>
        </section>
      )}
      {open && (
        <>
          <section class="app-section" aria-labelledby="verschieben">
            <h2 class="kern-heading-medium" id="verschieben">
              Verschieben
            </h2>
            <PostForm c={c} action={`${dateHref(id)}/verschieben`} idempotencyKey={moved && idempotencyKeyOf(moved.form)} class="app-stack">
              <TimeFields values={movedValues} problem={moved?.problem} />
              {offering.format === 'onsite' && <VenueFields values={movedValues} problem={moved?.problem} />}
              <div class="app-actions">
                <SubmitButton label="Termin verschieben" secondary />
              </div>
            </PostForm>
          </section>
          <section class="app-section" aria-labelledby="plaetze">
            <h2 class="kern-heading-medium" id="plaetze">
              Plätze ändern
            </h2>
            <PostForm c={c} action={`${dateHref(id)}/plaetze`} idempotencyKey={seats && idempotencyKeyOf(seats.form)}>
              <TextField
                name="capacity"
                label="Plätze"
                required
                inputmode="numeric"
                value={seats?.form.capacity ?? String(offering.capacity)}
                error={fieldError(seats?.problem, 'capacity')}
                hint="Mehr Plätze rücken Personen von der Warteliste nach."
              />
              <div class="app-actions">
                <SubmitButton label="Plätze speichern" secondary />
              </div>
            </PostForm>
          </section>
          <section class="app-section" aria-labelledby="absagen">
            <h2 class="kern-heading-medium" id="absagen">
              Termin absagen
            </h2>
            <PostForm c={c} action={`${dateHref(id)}/absagen`} idempotencyKey={cancel && idempotencyKeyOf(cancel.form)}>
              <TextField
                name="reason"
                label="Grund der Absage"
                required
                value={cancel?.form.reason}
                error={fieldError(cancel?.problem, 'reason')}
                hint="Die Teilnehmenden lesen ihn in der Nachricht."
              />
              <div class="app-actions">
                <SubmitButton label="Termin absagen" secondary />
              </div>
            </PostForm>
          </section>
        </>
      )}
    </>,
    failedForm ? 422 : 200,
  );
}

/** The confirmation page of a date's action. */
const confirmDate = (c: BackofficeContext, id: string, title: string, question: string, confirmLabel: string, text: string) =>
  confirmPage(c, title, { question, confirmLabel, cancelHref: dateHref(id) }, <p class="kern-body">{text}</p>);

async function reschedule(c: BackofficeContext, id: string) {
  const form = c.get('form');
  const errors: Record<string, string> = {};
  const times = timesOf(form, errors);
  if (Object.keys(errors).length > 0) return datePage(c, id, { name: 'verschieben', form, problem: formProblem(errors) });
  if (!isConfirmed(form))
    return confirmDate(
      c,
      id,
      'Termin verschieben',
      `Soll der Termin auf ${formatDateTime(times.startsAt as string)} verschoben werden?`,
      'Ja, verschieben',
      'Alle Teilnehmenden und alle auf der Warteliste werden über den neuen Termin benachrichtigt.',
    );
  const venue = venueOf(form);
  const body = { ...times, ...(venue.name && venue.city ? { venue } : {}) };
  const result = await c.get('api').post(`/v1/offerings/${id}/reschedule`, body, idempotencyKeyOf(form));
  if (!result.ok) return datePage(c, id, { name: 'verschieben', form, problem: result.problem });
  return redirectWithOutcome(c, dateHref(id), 'Der Termin wurde verschoben. Die Teilnehmenden werden benachrichtigt.');
}

async function changeSeats(c: BackofficeContext, id: string) {
  const form = c.get('form');
  const capacity = wholeNumberOf(form.capacity);
  if (capacity === undefined)
    return datePage(c, id, { name: 'plaetze', form, problem: formProblem({ capacity: 'Bitte geben Sie eine ganze Zahl ein.' }) });
  const result = await c.get('api').post(`/v1/offerings/${id}/capacity`, { capacity }, idempotencyKeyOf(form));
  if (!result.ok) return datePage(c, id, { name: 'plaetze', form, problem: result.problem });
  return redirectWithOutcome(c, dateHref(id), `Der Termin hat jetzt ${capacity} Plätze.`);
}

async function publish(c: BackofficeContext, id: string) {
  const form = c.get('form');
  if (!isConfirmed(form))
    return confirmDate(
      c,
      id,
      'Termin veröffentlichen',
      'Soll der Termin veröffentlicht werden?',
      'Ja, veröffentlichen',
      'Er erscheint im öffentlichen Katalog, und die Anmeldung ist bis zum Anmeldeschluss offen. Das lässt sich nur durch eine Absage zurücknehmen.',
    );
  const result = await c.get('api').post(`/v1/offerings/${id}/publish`, {}, idempotencyKeyOf(form));
  if (!result.ok) return datePage(c, id, { name: 'veroeffentlichen', form, problem: result.problem });
  return redirectWithOutcome(c, dateHref(id), 'Der Termin ist veröffentlicht und zur Anmeldung offen.');
}

async function cancelDate(c: BackofficeContext, id: string) {
  const form = c.get('form');
  const reason = reasonOf(form);
  if (!reason) return datePage(c, id, { name: 'absagen', form, problem: formProblem(missingReason) });
  if (!isConfirmed(form)) {
    const summary = (await summariesOf(c.get('api'), [id])).get(id);
    const who = summary
      ? `${summary.confirmed} angemeldete Person${summary.confirmed === 1 ? '' : 'en'} und ${summary.waitlisted} auf der Warteliste werden`
      : 'Alle Teilnehmenden und alle auf der Warteliste werden';
    return confirmDate(
      c,
      id,
      'Termin absagen',
      'Soll der Termin abgesagt werden?',
      'Ja, Termin absagen',
      `${who} über die Absage benachrichtigt (Grund: ${reason}). Das lässt sich nicht rückgängig machen.`,
    );
  }
  const result = await c.get('api').post(`/v1/offerings/${id}/cancel`, { reason }, idempotencyKeyOf(form));
  if (!result.ok) return datePage(c, id, { name: 'absagen', form, problem: result.problem });
  return redirectWithOutcome(c, dateHref(id), 'Der Termin ist abgesagt. Die Teilnehmenden werden benachrichtigt.');
}

async function createOffering(c: BackofficeContext, seminarId: string) {
  const api = c.get('api');
  const form = c.get('form');
  const seminar = await api.get<SeminarDetail>(`/v1/seminars/${seminarId}`);
  if (!seminar.ok) return problemPage(c, 'Neuer Termin', seminar.problem);
  const parsed = newOfferingBody(form);
  if (!parsed.ok) return newOfferingPage(c, seminar.body, { form, problem: parsed.problem });
  const result = await api.post<Offering>(`/v1/seminars/${seminarId}/offerings`, parsed.body, idempotencyKeyOf(form));
  if (!result.ok) return newOfferingPage(c, seminar.body, { form, problem: result.problem });
  return redirectWithOutcome(c, dateHref(result.body.id), 'Der Termin wurde als Entwurf angelegt.');
}

/** The date routes of Programm: a new date of a seminar, and each date's page with its actions. */
export function offeringRoutes(router: Hono<BackofficeEnv>) {
  router.get('/seminare/:id/termine/neu', async (c) => {
    const seminar = await c.get('api').get<SeminarDetail>(`/v1/seminars/${c.req.param('id')}`);
    return seminar.ok ? newOfferingPage(c, seminar.body) : problemPage(c, 'Neuer Termin', seminar.problem);
  });
  router.post('/seminare/:id/termine/neu', (c) => createOffering(c, c.req.param('id')));
  router.get('/termine/:id', (c) => datePage(c, c.req.param('id')));
  router.post('/termine/:id/verschieben', (c) => reschedule(c, c.req.param('id')));
  router.post('/termine/:id/plaetze', (c) => changeSeats(c, c.req.param('id')));
  router.post('/termine/:id/veroeffentlichen', (c) => publish(c, c.req.param('id')));
  router.post('/termine/:id/absagen', (c) => cancelDate(c, c.req.param('id')));
}
