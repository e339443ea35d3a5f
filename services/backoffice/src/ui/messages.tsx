import type { Child } from 'hono/jsx';
import { type ApiProblem, leadInOf } from '../api/problem.ts';

type Tone = 'info' | 'success' | 'warning' | 'danger';

/** A KERN alert. `role="alert"` for problems (read out at once), `status` for outcomes. */
export function Alert({ tone, title, children }: { tone: Tone; title: string; children?: Child }) {
  return (
    <div class={`kern-alert kern-alert--${tone}`} role={tone === 'danger' || tone === 'warning' ? 'alert' : 'status'}>
      <div class="kern-alert__header">
        <span class={`kern-icon kern-icon--${tone}`} aria-hidden="true" />
        <span class="kern-title">{title}</span>
      </div>
      {children && <div class="kern-alert__body">{children}</div>}
    </div>
  );
}

/** A problem of the API in words: a German lead-in by status, then the API's own `detail`, and which fields are wrong. */
export function ProblemMessage({ problem, title = 'Das hat nicht geklappt' }: { problem: ApiProblem; title?: string }) {
  const fields = Object.keys(problem.fieldErrors).length;
  return (
    <Alert tone="danger" title={title}>
      <p class="kern-body">{leadInOf(problem.status)}</p>
      {problem.detail && <p class="kern-body">{problem.detail}</p>}
      {fields > 0 && (
        <p class="kern-body">
          {fields === 1 ? 'Bitte prüfen Sie das markierte Feld.' : `Bitte prüfen Sie die ${fields} markierten Felder.`}
        </p>
      )}
    </Alert>
  );
}

/** What an action did, in words (after a redirect: `flash`, ui/page.tsx). */
export const Outcome = ({ message }: { message: string }) => <Alert tone="success" title={message} />;

/** A small coloured label, e.g. a status; the text says it all, the colour only helps. */
export const Badge = ({ tone, children }: { tone?: Tone; children: Child }) => (
  <span class={tone ? `kern-badge kern-badge--${tone}` : 'kern-badge'}>
    <span class="kern-label kern-label--small">{children}</span>
  </span>
);
