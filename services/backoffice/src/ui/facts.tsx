import type { Child } from 'hono/jsx';

/** The facts of one thing (a seminar, a date) as a KERN description list: label, then value. */
export const Facts = ({ items }: { items: readonly (readonly [label: string, value: Child])[] }) => (
  <dl class="kern-description-list">
    {items.map(([label, value]) => (
      <div class="kern-description-list-item">
        <dt class="kern-description-list-item__key">{label}</dt>
        <dd class="kern-description-list-item__value">{value}</dd>
      </div>
    ))}
  </dl>
);
