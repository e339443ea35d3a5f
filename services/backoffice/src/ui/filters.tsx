import type { Child } from 'hono/jsx';

/**
 * A list's filters: a GET form (the filters are in the URL, so a filtered list can be bookmarked and shared), with
 * "Filtern" and a link that clears them. Put TextField / SelectField inside.
 */
export function FilterForm(props: { action: string; label?: string; children: Child }) {
  return (
    <search>
      <form method="get" action={props.action}>
        <fieldset class="kern-fieldset">
          <legend class="kern-label">{props.label ?? 'Filter'}</legend>
          <div class="kern-fieldset__body kern-fieldset__body--horizontal">{props.children}</div>
        </fieldset>
        <div class="app-actions">
          <button type="submit" class="kern-btn kern-btn--secondary">
            <span class="kern-label">Filtern</span>
          </button>
          <a class="kern-link" href={props.action}>
            Filter zurücksetzen
          </a>
        </div>
      </form>
    </search>
  );
}
