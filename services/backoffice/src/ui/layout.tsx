import type { Child } from 'hono/jsx';
import { BASE, type NavEntry } from '../http/env.ts';
import type { StaffMember } from '../staff/accounts.ts';
import { ROLE_LABELS } from '../staff/roles.ts';
import { kernAsset, ownAsset } from './assets.ts';

export interface LayoutProps {
  /** The page's one h1, and the start of the window title. */
  title: string;
  /** Signed-in pages: the navigation, the name and the sign-out button. */
  signedIn?: { staff: StaffMember; csrfToken: string; nav: readonly NavEntry[]; currentPath: string };
  children?: Child;
}

/** Is `href` the page we are on (or a page below it, except the start page)? */
const isCurrent = (href: string, currentPath: string) =>
  href === `${BASE}/` ? currentPath === BASE || currentPath === `${BASE}/` : currentPath === href || currentPath.startsWith(`${href}/`);

/**
 * Every page: German, a skip link as the first tab stop, header / nav / main / footer landmarks, one h1 (the title).
 * Screens render their content only, through `renderPage` (ui/page.tsx).
 */
export function Layout({ title, signedIn, children }: LayoutProps) {
  return (
    <html lang="de">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – Seminarwerk Backoffice`}</title>
        <link rel="stylesheet" href={kernAsset('fonts/fira-sans.css')} />
        <link rel="stylesheet" href={kernAsset('kern.min.css')} />
        <link rel="stylesheet" href={ownAsset('app.css')} />
      </head>
      <body>
        <a class="skip-link kern-link" href="#inhalt">
          Zum Inhalt springen
        </a>
        <header class="app-header">
          <div class="kern-container app-header__bar">
            <p class="app-header__name kern-body--large">Seminarwerk · Backoffice</p>
            {signedIn && (
              <nav class="app-nav" aria-label="Hauptnavigation">
                <ul>
                  {signedIn.nav.map((entry) => (
                    <li>
                      <a
                        class="kern-link"
                        href={entry.href}
                        aria-current={isCurrent(entry.href, signedIn.currentPath) ? 'page' : undefined}
                      >
                        {entry.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            )}
            {signedIn && (
              <div class="app-user">
                <span class="kern-body--small">
                  {signedIn.staff.displayName} ({ROLE_LABELS[signedIn.staff.role]})
                </span>
                <form method="post" action={`${BASE}/abmelden`}>
                  <input type="hidden" name="_csrf" value={signedIn.csrfToken} />
                  <button type="submit" class="kern-btn kern-btn--tertiary kern-btn--x-small">
                    <span class="kern-label">Abmelden</span>
                  </button>
                </form>
              </div>
            )}
          </div>
        </header>
        <main id="inhalt" class="kern-container app-main" tabindex={-1}>
          <h1 class="kern-heading-large">{title}</h1>
          {children}
        </main>
        <footer class="app-footer">
          <div class="kern-container">
            <p class="kern-body--small">Seminarwerk – Backoffice des Studieninstituts</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
