import type { Hono } from 'hono';
import { BASE, type BackofficeContext, type BackofficeEnv } from '../../http/env.ts';
import { ownAsset } from '../../ui/assets.ts';
import { ConfirmStep, isConfirmed } from '../../ui/confirm.tsx';
import { idempotencyKeyOf, PostForm, SelectField, SubmitButton, TextField } from '../../ui/form.tsx';
import { formatDate, formatDateTime, formatEuro, isoDay } from '../../ui/format.ts';
import { Alert, ProblemMessage } from '../../ui/messages.tsx';
import { renderPage } from '../../ui/page.tsx';
import { Section } from '../../ui/section.tsx';
import { type Column, DataTable } from '../../ui/table.tsx';
import { customerNames, type InvoiceRunResult, municipalityOptions } from './api.ts';
import { reasonText } from './labels.tsx';
import { type InvoiceRun, type RunInput, runOf, startRun } from './runs.ts';

export const RECHNUNGEN = `${BASE}/rechnungen`;
const LAUF = `${RECHNUNGEN}/lauf`;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The run's page, with what it was asked (so that after a restart the same request can be sent again). */
const runPage = (run: Pick<InvoiceRun, 'id' | 'input'>) =>
  `${RECHNUNGEN}/laeufe/${run.id}?${new URLSearchParams({
    bis: run.input.upTo,
    ...(run.input.municipalityId ? { kommune: run.input.municipalityId } : {}),
    art: run.input.dryRun ? 'vorschau' : 'ausstellen',
  })}`;

/** The start of a run on the Rechnungen page: always a dry run first. */
export function RunForm(props: { c: BackofficeContext; names: Map<string, string>; error?: string; values?: Record<string, string> }) {
  return (
    <PostForm c={props.c} action={LAUF}>
      <input type="hidden" name="art" value="vorschau" />
      <div class="kern-fieldset__body kern-fieldset__body--horizontal">
        <TextField
          name="bis"
          id="lauf-bis"
          label="Termine bis einschließlich"
          type="date"
          required
          value={props.values?.bis ?? isoDay(new Date())}
          hint="Abgerechnet werden alle Positionen von Terminen, die an diesem Tag oder früher begonnen haben."
          error={props.error}
        />
        <SelectField
          name="kommune"
          id="lauf-kommune"
          label="Kommune"
          options={municipalityOptions(props.names)}
          value={props.values?.kommune ?? ''}
        />
      </div>
      <div class="app-actions">
        <SubmitButton label="Vorschau berechnen" />
      </div>
    </PostForm>
  );
}

const inputOf = (fields: Record<string, string | undefined>): RunInput | undefined => {
  const upTo = fields.bis ?? '';
  if (!DAY.test(upTo) || Number.isNaN(Date.parse(upTo))) return undefined;
  return { upTo, ...(fields.kommune ? { municipalityId: fields.kommune } : {}), dryRun: fields.art !== 'ausstellen' };
};

const who = (names: Map<string, string>, id: string | undefined) => (id ? (names.get(id) ?? id) : 'alle Kommunen');

interface MunicipalityTotal {
  municipalityId: string;
  invoices: number;
  lines: number;
  grossCents: number;
}

function totalsByMunicipality(result: InvoiceRunResult): MunicipalityTotal[] {
  const totals = new Map<string, MunicipalityTotal>();
  for (const i of result.issued) {
    const t = totals.get(i.municipalityId) ?? { municipalityId: i.municipalityId, invoices: 0, lines: 0, grossCents: 0 };
    t.invoices += 1;
    t.lines += i.lines;
    t.grossCents += i.grossCents;
    totals.set(i.municipalityId, t);
  }
  return [...totals.values()];
}

/** Skipped positions by reason: "3 Positionen: Der Termin hat noch nicht begonnen." */
function skippedByReason(result: InvoiceRunResult) {
  const counts = new Map<string, { text: string; count: number }>();
  for (const s of result.skipped) {
    const text = reasonText(s);
    counts.set(text, { text, count: (counts.get(text)?.count ?? 0) + 1 });
  }
  return [...counts.values()];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What a run issued (or a dry run would issue), held and left for later: in totals and words. */
function RunSummary({ result, names }: { result: InvoiceRunResult; names: Map<string, string> }) {
  const sum = result.issued.reduce((s, i) => s + i.grossCents, 0);
  const columns: Column<MunicipalityTotal>[] = [
    { header: 'Kommune', cell: (t) => who(names, t.municipalityId) },
    { header: 'Rechnungen', numeric: true, cell: (t) => String(t.invoices) },
    { header: 'Positionen', numeric: true, cell: (t) => String(t.lines) },
    { header: 'Summe brutto', numeric: true, cell: (t) => formatEuro(t.grossCents) },
  ];
  const issuedColumns: Column<InvoiceRunResult['issued'][number]>[] = [
    {
      header: 'Nummer',
      cell: (i) => (
        <a class="kern-link" href={`${RECHNUNGEN}/${i.id}`}>
          {i.number ?? 'ohne Nummer'}
        </a>
      ),
    },
    { header: 'Kommune', cell: (i) => who(names, i.municipalityId) },
    { header: 'Positionen', numeric: true, cell: (i) => String(i.lines) },
    { header: 'Betrag', numeric: true, cell: (i) => formatEuro(i.grossCents) },
  ];
  const heldColumns: Column<InvoiceRunResult['held'][number]>[] = [
    { header: 'Kommune', cell: (h) => who(names, h.municipalityId) },
    { header: 'Grund', cell: reasonText },
    {
      header: 'Rechnung',
      cell: (h) => (
        <a class="kern-link" href={`${RECHNUNGEN}/${h.id}`}>
          Entwurf ansehen
        </a>
      ),
    },
  ];
  const skipped = skippedByReason(result);
  return (
    <>
      <dl class="kern-description-list">
        <Item label={result.dryRun ? 'Rechnungen, die ausgestellt würden' : 'Ausgestellte Rechnungen'}>{String(result.issued.length)}</Item>
        <Item label="Summe brutto">{formatEuro(sum)}</Item>
        <Item label="Angehalten">{String(result.held.length)}</Item>
        <Item label="Zurückgestellte Positionen">{String(result.skipped.length)}</Item>
      </dl>
      <Section id="je-kommune" title="Je Kommune">
        <DataTable
          caption="Rechnungen und Summen je Kommune"
          captionHidden
          columns={columns}
          rows={totalsByMunicipality(result)}
          empty="Keine Rechnungen."
        />
      </Section>
      {!result.dryRun && result.issued.length > 0 && (
        <Section id="ausgestellt" title="Ausgestellte Rechnungen">
          <DataTable
            caption="Die ausgestellten Rechnungen mit ihren Nummern"
            captionHidden
            columns={issuedColumns}
            rows={result.issued}
            empty=""
          />
        </Section>
      )}
      <Section id="angehalten" title="Angehalten">
        <p class="kern-body">
          Diese Rechnungen {result.dryRun ? 'könnten' : 'konnten'} nicht ausgestellt werden und bekommen keine Nummer.
        </p>
        <DataTable caption="Angehaltene Rechnungen mit Grund" captionHidden columns={heldColumns} rows={result.held} empty="Keine." />
      </Section>
      <Section id="zurueckgestellt" title="Zurückgestellt">
        {skipped.length === 0 ? (
          <p class="kern-body">Keine Positionen zurückgestellt.</p>
        ) : (
          <ul class="kern-list kern-list--bullet">
            {skipped.map((s) => (
              <li>
                {plural(s.count, 'Position', 'Positionen')}: {s.text}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}

export const Item = (props: { label: string; children: unknown }) => (
  <div class="kern-description-list-item">
    <dt class="kern-description-list-item__key">{props.label}</dt>
    <dd class="kern-description-list-item__value">{props.children as never}</dd>
  </div>
);

const backLink = (
  <p class="kern-body app-section">
    <a class="kern-link" href={RECHNUNGEN}>
      Zurück zu den Rechnungen
    </a>
  </p>
);

async function runStatusPage(c: BackofficeContext, id: string) {
  const run = runOf(id);
  const names = await customerNames(c.get('api'));
  if (!run) return unknownRunPage(c, id, names);
  const { input } = run;
  const scope = `Termine bis ${formatDate(input.upTo)}, ${who(names, input.municipalityId)}`;
  if (run.state.status === 'running') {
    return renderPage(
      c,
      input.dryRun ? 'Vorschau wird berechnet' : 'Rechnungen werden ausgestellt',
      <>
        <div class="app-running" role="status" data-lauf-stand={`${RECHNUNGEN}/laeufe/${id}/stand`}>
          <div class="kern-loader kern-loader--visible" aria-hidden="true" />
          <p class="kern-body">
            {input.dryRun ? 'Die Vorschau wird berechnet' : 'Die Rechnungen werden ausgestellt'} ({scope}), seit{' '}
            {formatDateTime(run.startedAt.toISOString())} Uhr. Bei vielen Rechnungen dauert das einige Minuten.
          </p>
        </div>
        <p class="kern-body">
          Sie können diese Seite offen lassen: Sie zeigt das Ergebnis, sobald der Lauf fertig ist. Ohne JavaScript laden Sie sie mit{' '}
          <a class="kern-link" href={runPage(run)}>
            Stand aktualisieren
          </a>{' '}
          neu. Der Lauf geht auch weiter, wenn Sie die Seite verlassen.
        </p>
        {backLink}
        <script type="module" src={ownAsset('rechnungslauf.js')} />
      </>,
    );
  }
  if (run.state.status === 'failed') {
    return renderPage(
      c,
      input.dryRun ? 'Vorschau nicht möglich' : 'Rechnungslauf nicht abgeschlossen',
      <>
        <ProblemMessage
          problem={run.state.problem}
          title={input.dryRun ? 'Die Vorschau konnte nicht berechnet werden' : 'Der Rechnungslauf hat nicht geklappt'}
        />
        {!input.dryRun && (
          <p class="kern-body">
            Rechnungen, die schon ausgestellt waren, bleiben ausgestellt. Die übrigen stellt der nächste Lauf aus; kein Entwurf wird doppelt
            abgerechnet.
          </p>
        )}
        {backLink}
      </>,
    );
  }
  const { result } = run.state;
  if (result.dryRun) {
    return renderPage(
      c,
      'Vorschau des Rechnungslaufs',
      <>
        <p class="kern-body">
          So sähe der Rechnungslauf jetzt aus ({scope}). Noch ist nichts ausgestellt, und es wurden keine Nummern vergeben.
        </p>
        <RunSummary result={result} names={names} />
        {result.issued.length > 0 ? (
          <PostForm c={c} action={LAUF} class="app-section">
            <input type="hidden" name="art" value="ausstellen" />
            <input type="hidden" name="bis" value={input.upTo} />
            <input type="hidden" name="kommune" value={input.municipalityId ?? ''} />
            <input type="hidden" name="anzahl" value={String(result.issued.length)} />
            <div class="app-actions">
              <SubmitButton label="Rechnungen jetzt ausstellen" />
              <a class="kern-btn kern-btn--secondary" href={RECHNUNGEN}>
                <span class="kern-label">Abbrechen</span>
              </a>
            </div>
          </PostForm>
        ) : (
          <Alert tone="info" title="Es gibt nichts auszustellen." />
        )}
        {backLink}
      </>,
    );
  }
  return renderPage(
    c,
    'Ergebnis des Rechnungslaufs',
    <>
      <Alert
        tone={result.held.length > 0 ? 'warning' : 'success'}
        title={`${plural(result.issued.length, 'Rechnung', 'Rechnungen')} ausgestellt, ${result.held.length} angehalten.`}
      >
        <p class="kern-body">
          {scope}. {result.issued.length > 0 && `Nummern: ${result.issued.map((i) => i.number).join(', ')}. `}Die ausgestellten Rechnungen
          werden an die Rechnungsadressen der Kommunen versandt.
        </p>
      </Alert>
      <RunSummary result={result} names={names} />
      {backLink}
    </>,
  );
}

/** After a restart of the app: the run is not in memory; the same request with the same key gets its answer. */
function unknownRunPage(c: BackofficeContext, id: string, names: Map<string, string>) {
  const input = inputOf({ bis: c.req.query('bis'), kommune: c.req.query('kommune'), art: c.req.query('art') });
  return renderPage(
    c,
    'Rechnungslauf',
    <>
      <Alert tone="info" title="Der Stand dieses Laufs liegt dem Backoffice nicht (mehr) vor.">
        <p class="kern-body">
          Das passiert, wenn das Backoffice zwischendurch neu gestartet wurde. Die Schnittstelle kennt das Ergebnis: Fragen Sie es ab. Es
          wird dabei nichts ein zweites Mal ausgestellt.
        </p>
      </Alert>
      {input && (
        <PostForm c={c} action={LAUF} idempotencyKey={id} class="app-section">
          <input type="hidden" name="art" value={input.dryRun ? 'vorschau' : 'ausstellen'} />
          <input type="hidden" name="bis" value={input.upTo} />
          <input type="hidden" name="kommune" value={input.municipalityId ?? ''} />
          <input type="hidden" name="_bestaetigt" value="ja" />
          <p class="kern-body">
            {input.dryRun ? 'Vorschau' : 'Rechnungslauf'} für Termine bis {formatDate(input.upTo)}, {who(names, input.municipalityId)}.
          </p>
          <div class="app-actions">
            <SubmitButton label="Ergebnis abrufen" />
          </div>
        </PostForm>
      )}
      {backLink}
    </>,
  );
}

/** The run's routes: start (dry run, or for real after the confirmation), its page, and its state for the script. */
export function runRoutes(router: Hono<BackofficeEnv>, mainPage: (c: BackofficeContext, runError?: string) => Promise<Response>) {
  router.post('/lauf', async (c) => {
    const form = c.get('form');
    const input = inputOf(form);
    if (!input) return mainPage(c, 'Bitte geben Sie einen Tag an, zum Beispiel 28.02.2027.');
    if (!input.dryRun && !isConfirmed(form)) {
      const names = await customerNames(c.get('api'));
      const count = Number(form.anzahl);
      return renderPage(
        c,
        'Rechnungen ausstellen',
        <ConfirmStep
          c={c}
          action={LAUF}
          form={form}
          question={`${Number.isInteger(count) && count > 0 ? plural(count, 'Rechnung', 'Rechnungen') : 'Die Rechnungen'} jetzt endgültig ausstellen?`}
          confirmLabel="Ja, Rechnungen ausstellen"
          cancelHref={RECHNUNGEN}
        >
          <p class="kern-body">
            Für Termine bis {formatDate(input.upTo)}, {who(names, input.municipalityId)}. Jede Rechnung bekommt ihre endgültige Nummer und
            wird an die Kommune versandt. Das kann nicht rückgängig gemacht werden: Eine falsche Rechnung lässt sich nur mit einer
            Stornorechnung aufheben.
          </p>
          {input.upTo > isoDay(new Date()) && (
            <p class="kern-body">Der Tag liegt in der Zukunft: Auch Termine, die noch nicht begonnen haben, werden abgerechnet.</p>
          )}
        </ConfirmStep>,
      );
    }
    const run = startRun(c.get('api'), idempotencyKeyOf(form), input);
    return c.redirect(runPage(run), 303);
  });

  router.get('/laeufe/:id{[A-Za-z0-9-]{8,64}}', (c) => runStatusPage(c, c.req.param('id')));
  router.get('/laeufe/:id{[A-Za-z0-9-]{8,64}}/stand', (c) => c.json({ running: runOf(c.req.param('id'))?.state.status === 'running' }));
}
