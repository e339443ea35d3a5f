import type { ApiProblem } from '../api/problem.ts';
import type { BackofficeContext } from '../http/env.ts';
import { isoDay } from '../ui/format.ts';
import { ProblemMessage } from '../ui/messages.tsx';
import { renderPage } from '../ui/page.tsx';
import { Section } from '../ui/section.tsx';
import { accessHref, DATENSCHUTZ, liveStatus, ReloadLink, RequestBadge, RequestTimes, ServiceProgress } from './datenschutz-shared.tsx';

/** Auskunft (Art. 15): one request's progress, and its export to download once every service has answered. */
const BackLink = () => (
  <p class="kern-body">
    <a class="kern-link" href={DATENSCHUTZ}>
      Zurück zu Datenschutz
    </a>
  </p>
);

export async function accessPage(c: BackofficeContext, id: string, failure?: ApiProblem) {
  const request = await liveStatus(c, `/v1/privacy/access-requests/${encodeURIComponent(id)}`);
  if (!request.ok)
    return renderPage(
      c,
      'Auskunft',
      <>
        <ProblemMessage problem={request.problem} title="Die Auskunft konnte nicht geladen werden" />
        {request.problem.status === 404 && (
          <p class="kern-body">Eine fertige Auskunft wird 30 Tage nach der Fertigstellung gelöscht. Starten Sie dann eine neue.</p>
        )}
        <BackLink />
      </>,
      request.problem.status === 404 ? 404 : 200,
    );
  const done = request.body.status === 'completed';
  return renderPage(
    c,
    'Auskunft',
    <>
      {failure && <ProblemMessage problem={failure} title="Die Auskunft konnte nicht heruntergeladen werden" />}
      <RequestTimes request={request.body} status={<RequestBadge status={request.body.status} doneWord="bereit zum Herunterladen" />} />
      {done ? (
        <div class="app-actions">
          <a class="kern-btn kern-btn--primary" href={`${accessHref(id)}/export`} download>
            <span class="kern-label">Auskunft herunterladen (JSON)</span>
          </a>
        </div>
      ) : (
        <ReloadLink href={accessHref(id)} />
      )}
      <Section id="dienste" title="Gesammelt von">
        <ServiceProgress request={request.body} doneWord="gesammelt" pendingWord="wird gesammelt" />
        <p class="kern-body">Das Seminarprogramm speichert keine Daten von Teilnehmenden und wird nicht gefragt.</p>
      </Section>
      <p class="kern-body">
        Die Datei enthält ein Begleitschreiben mit den Angaben nach Art. 15 Abs. 1 DSGVO. Andere Personen sind darin unkenntlich gemacht.
        Geben Sie sie nur an die Person selbst heraus.
      </p>
      <BackLink />
    </>,
  );
}

/** The export as the gateway stores it, as a file: personal data, so an attachment that is never cached. */
export async function downloadExport(c: BackofficeContext, id: string) {
  const file = await c.get('api').download(`/v1/privacy/access-requests/${encodeURIComponent(id)}/export`, 'application/json');
  if (!file.ok) return accessPage(c, id, file.problem);
  return c.body(new Uint8Array(file.body.bytes), 200, {
    'content-type': 'application/json; charset=utf-8',
    'content-disposition': `attachment; filename="auskunft-${isoDay(new Date())}-${id.slice(0, 8)}.json"`,
    'cache-control': 'no-store',
  });
}
