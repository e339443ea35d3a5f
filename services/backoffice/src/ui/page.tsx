import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { BASE, type BackofficeContext } from '../http/env.ts';
import { Layout } from './layout.tsx';
import { Outcome } from './messages.tsx';

const FLASH_COOKIE = 'sw_flash';

/** A full HTML page (doctype, layout). For signed-out pages (sign-in, errors before a session). */
export const htmlPage = (
  c: Context<any>,
  title: string,
  body: Child,
  status: ContentfulStatusCode = 200,
  signedIn?: Parameters<typeof Layout>[0]['signedIn'],
) =>
  c.html(
    <>
      {raw('<!DOCTYPE html>')}
      <Layout title={title} signedIn={signedIn}>
        {body}
      </Layout>
    </>,
    status,
  );

/**
 * A screen's page: the layout with the staff member's navigation, the outcome of the action before the redirect (if
 * any), and the screen's content. `title` is the page's one h1.
 */
export function renderPage(c: BackofficeContext, title: string, body: Child, status: ContentfulStatusCode = 200) {
  const session = c.get('session');
  const outcome = getCookie(c, FLASH_COOKIE);
  if (outcome) deleteCookie(c, FLASH_COOKIE, { path: `${BASE}/` });
  return htmlPage(
    c,
    title,
    <>
      {outcome && <Outcome message={outcome.slice(0, 300)} />}
      {body}
    </>,
    status,
    { staff: session.staff, csrfToken: session.csrfToken, nav: c.get('nav'), currentPath: c.req.path },
  );
}

/**
 * After a successful POST: redirect (303, so a reload does not post again) and say what happened on the next page.
 * The message is shown escaped, and only to the browser that did it.
 */
export function redirectWithOutcome(c: BackofficeContext, location: string, message: string) {
  setCookie(c, FLASH_COOKIE, message, { path: `${BASE}/`, httpOnly: true, sameSite: 'Strict', maxAge: 60 });
  return c.redirect(location, 303);
}
