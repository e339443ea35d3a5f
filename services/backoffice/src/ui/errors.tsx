import type { Context } from 'hono';
import { BASE, type BackofficeEnv } from '../http/env.ts';
import { Alert } from './messages.tsx';
import { htmlPage, renderPage } from './page.tsx';

const home = (
  <p class="kern-body">
    <a class="kern-link" href={`${BASE}/`}>
      Zur Übersicht
    </a>
  </p>
);

/** The German 403 page: signed in, but this role may not open the page. */
export const forbiddenPage = (c: Context<BackofficeEnv>) =>
  renderPage(
    c,
    'Kein Zugriff',
    <>
      <Alert tone="warning" title="Diese Seite ist für Ihre Rolle nicht freigegeben.">
        <p class="kern-body">Wenn Sie hier arbeiten müssen, bitten Sie die Administration, Ihre Rolle zu ändern.</p>
      </Alert>
      {home}
    </>,
    403,
  );

/** A POST without the session's CSRF token, or sent from another site. */
export const csrfRefusedPage = (c: Context<BackofficeEnv>) =>
  renderPage(
    c,
    'Formular abgelaufen',
    <>
      <Alert tone="warning" title="Das Formular konnte nicht angenommen werden.">
        <p class="kern-body">
          Es war abgelaufen oder kam nicht aus dem Backoffice. Es wurde nichts geändert. Bitte laden Sie die Seite neu und versuchen Sie es
          noch einmal.
        </p>
      </Alert>
      {home}
    </>,
    403,
  );

export const notFoundPage = (c: Context<any>) =>
  htmlPage(
    c,
    'Seite nicht gefunden',
    <>
      <p class="kern-body">Diese Seite gibt es im Backoffice nicht.</p>
      {home}
    </>,
    404,
  );

export const errorPage = (c: Context<any>) =>
  htmlPage(
    c,
    'Fehler',
    <>
      <p class="kern-body">Auf unserer Seite ist ein Fehler aufgetreten. Bitte versuchen Sie es später noch einmal.</p>
      {home}
    </>,
    500,
  );
