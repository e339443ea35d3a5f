/**
 * The errors of a submitted form above it, each a link to its field (GOV.UK's error summary, WCAG 3.3.1). It takes
 * the focus when the page loads, so a screen reader reads it first and the keyboard starts there.
 */
export function ErrorSummary({ errors }: { errors: readonly (readonly [fieldId: string, text: string])[] }) {
  if (errors.length === 0) return null;
  return (
    <div class="kern-alert kern-alert--danger" role="alert" tabindex={-1} autofocus aria-labelledby="fehler-zusammenfassung">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--danger" aria-hidden="true" />
        <h2 class="kern-title" id="fehler-zusammenfassung">
          {errors.length === 1 ? 'Bitte prüfen Sie Ihre Angabe' : `Bitte prüfen Sie Ihre ${errors.length} Angaben`}
        </h2>
      </div>
      <div class="kern-alert__body">
        <ul class="kern-list">
          {errors.map(([fieldId, text]) => (
            <li>
              <a class="kern-link" href={`#${fieldId}`}>
                {text}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
