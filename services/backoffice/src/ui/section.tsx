import type { Child } from 'hono/jsx';

/** A part of a page with its h2, named by it (a region landmark for screen readers). `id` names the heading. */
export const Section = (props: { id: string; title: string; children?: Child }) => (
  <section class="app-section" aria-labelledby={props.id}>
    <h2 class="kern-heading-medium" id={props.id}>
      {props.title}
    </h2>
    {props.children}
  </section>
);
