/**
 * A problem (RFC 9457) the API answered, as the page shows it: the API's `detail` in words, and each field error
 * tied to its input (ui/form.tsx). The API writes `detail` for people; the app adds a German lead-in by status.
 */
export interface ApiProblem {
  status: number;
  /** The last part of the problem's `type`, e.g. `validation-failed`. */
  code: string;
  title: string;
  detail: string;
  /** Field path (as the API names it, e.g. `capacity` or `venue.city`) → what is wrong with it. */
  fieldErrors: Record<string, string>;
}

const LEAD_INS: Record<number, string> = {
  400: 'Die Angaben sind nicht vollständig oder nicht gültig.',
  401: 'Die Anwendung ist bei der Schnittstelle nicht angemeldet. Bitte wenden Sie sich an die Administration.',
  403: 'Diese Aktion ist nicht erlaubt.',
  404: 'Das gesuchte Objekt gibt es nicht (mehr).',
  409: 'Die Aktion passt nicht zum aktuellen Stand.',
  413: 'Die Anfrage ist zu groß.',
  422: 'Die Aktion ist so nicht möglich.',
  429: 'Zu viele Anfragen. Bitte versuchen Sie es in einigen Sekunden erneut.',
  503: 'Ein Teil des Systems ist gerade nicht erreichbar. Bitte versuchen Sie es später erneut.',
};

/** The German sentence before the API's detail: what kind of problem this is. */
export const leadInOf = (status: number) =>
  LEAD_INS[status] ?? (status >= 500 ? 'Auf unserer Seite ist ein Fehler aufgetreten.' : 'Die Aktion hat nicht geklappt.');

/** Reads an answer's problem+json; anything else (an HTML error page of a proxy) becomes a problem too. */
export function problemOf(status: number, body: unknown): ApiProblem {
  const p = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const errors = Array.isArray(p.errors) ? (p.errors as { field?: unknown; detail?: unknown }[]) : [];
  return {
    status,
    code: typeof p.type === 'string' ? (p.type.split('/').pop() ?? 'unknown') : 'unknown',
    title: typeof p.title === 'string' ? p.title : '',
    detail: typeof p.detail === 'string' ? p.detail : '',
    fieldErrors: Object.fromEntries(
      errors.flatMap((e) =>
        typeof e.field === 'string' && typeof e.detail === 'string' ? [[e.field.replace(/^body\./, ''), e.detail]] : [],
      ),
    ),
  };
}

/** The API could not be reached at all. */
export const unreachable = (): ApiProblem => ({
  status: 503,
  code: 'gateway-unreachable',
  title: 'Service Unavailable',
  detail: 'Die Schnittstelle (Gateway) antwortet nicht.',
  fieldErrors: {},
});
