import type { Child } from 'hono/jsx';
import { z } from 'zod';
import type { ApiResult } from '../api/gateway.ts';
import type { BackofficeContext } from '../http/env.ts';
import { BASE } from '../http/env.ts';
import { Facts } from '../ui/facts.tsx';
import { formatDateTime } from '../ui/format.ts';
import { Badge } from '../ui/messages.tsx';

/** What the Datenschutz pages share: addresses, the gateway's request shapes, and the per-service list. */
export const DATENSCHUTZ = `${BASE}/datenschutz`;
export const accessHref = (id: string) => `${DATENSCHUTZ}/auskunft/${id}`;
export const erasureHref = (id: string) => `${DATENSCHUTZ}/loeschung/${id}`;

export type Progress = 'pending' | 'completed';

/**
 * GET /v1/privacy/access-requests/{id} and GET /v1/privacy/erasures/{id}: the same shape, other services. Only an
 * erasure can end `failed` (nothing to erase by what was asked, `failure` says why) and counts its `registrations`.
 */
export interface PrivacyRequestStatus {
  id: string;
  status: Progress | 'failed';
  services: Partial<Record<string, Progress>>;
  registrations?: number;
  failure?: { type: string; title: string; detail: string };
  requestedAt: string;
  completedAt?: string;
}

/** Each service in plain words: what of the person it holds. In this order on the page. */
export const SERVICE_LABELS: readonly (readonly [service: string, label: string])[] = [
  ['registration', 'Anmeldungen'],
  ['notification', 'E-Mails und Benachrichtigungen'],
  ['invoicing', 'Rechnungswesen'],
  ['catalogue', 'Seminarprogramm'],
  ['gateway', 'Schnittstelle (gespeicherte Auskünfte)'],
];

/** The e-mail address a form names, trimmed, or undefined if it is not one. */
export const emailOf = (value: string | undefined) => {
  const parsed = z.email().safeParse(value?.trim() ?? '');
  return parsed.success ? parsed.data : undefined;
};
export const EMAIL_MISSING = 'Bitte geben Sie die E-Mail-Adresse der Person an, z. B. anna.meyer@oldenburg.example.';

/** The status of a request: in progress or done, said in words (`doneWord` differs: collected, erased). */
export const RequestBadge = ({ status, doneWord }: { status: PrivacyRequestStatus['status']; doneWord: string }) =>
  status === 'completed' ? (
    <Badge tone="success">{doneWord}</Badge>
  ) : status === 'failed' ? (
    <Badge tone="danger">nicht ausgeführt</Badge>
  ) : (
    <Badge tone="info">in Bearbeitung</Badge>
  );

/**
 * Which service has done its part, one line each in plain words. Services the request does not involve are left
 * out; one the gateway names but this list does not know is shown by its name, so nothing is hidden.
 */
export function ServiceProgress(props: { request: PrivacyRequestStatus; doneWord: string; pendingWord: string }) {
  const known = SERVICE_LABELS.filter(([service]) => props.request.services[service] !== undefined);
  const unknown = Object.keys(props.request.services).filter((s) => !SERVICE_LABELS.some(([known]) => known === s));
  const word = (service: string) =>
    props.request.services[service] === 'completed' ? (
      <Badge tone="success">{props.doneWord}</Badge>
    ) : (
      <Badge tone="info">{props.pendingWord}</Badge>
    );
  return <Facts items={[...known, ...unknown.map((s) => [s, s] as const)].map(([service, label]) => [label, word(service)] as const)} />;
}

/** When the request was made and finished. */
export const RequestTimes = ({ request, status }: { request: PrivacyRequestStatus; status: Child }) => (
  <Facts
    items={[
      ['Status', status],
      ['Gestartet', formatDateTime(request.requestedAt)],
      ['Abgeschlossen', request.completedAt ? formatDateTime(request.completedAt) : '–'],
    ]}
  />
);

/** The request's status as the gateway reports it now (never cached: the page is there to be reloaded). */
export function liveStatus(c: BackofficeContext, path: string): Promise<ApiResult<PrivacyRequestStatus>> {
  c.header('Cache-Control', 'no-store');
  return c.get('api').get<PrivacyRequestStatus>(path);
}

/** The way to see whether a pending request has moved on: reload, in words (no automatic refresh, WCAG 2.2.1). */
export const ReloadLink = ({ href }: { href: string }) => (
  <p class="kern-body">
    Die Dienste arbeiten im Hintergrund.{' '}
    <a class="kern-link" href={href}>
      Status aktualisieren
    </a>
  </p>
);
