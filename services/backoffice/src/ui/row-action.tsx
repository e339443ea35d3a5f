/**
 * A table row's action button: short on screen ("Erneuern"), named in full for screen readers and voice control
 * ("Erneuern: Personalsoftware Oldenburg"), so a list of rows does not read as a list of identical buttons. The name
 * starts with the visible label (WCAG 2.5.3 Label in Name).
 */
export const RowActionButton = ({ label, of }: { label: string; of: string }) => (
  <button type="submit" class="kern-btn kern-btn--secondary kern-btn--x-small" aria-label={`${label}: ${of}`}>
    <span class="kern-label">{label}</span>
  </button>
);
