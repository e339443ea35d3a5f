/**
 * The API pages with opaque cursors (`nextCursor`): forward, and back to the first page. `params` are the list's
 * filters, kept on every page.
 */
export function Pagination(props: {
  href: string;
  params: Record<string, string | undefined>;
  nextCursor: string | null;
  isFirstPage: boolean;
}) {
  if (!props.nextCursor && props.isFirstPage) return null;
  const link = (cursor?: string) => {
    const query = new URLSearchParams(Object.entries(props.params).filter((e): e is [string, string] => Boolean(e[1])));
    if (cursor) query.set('cursor', cursor);
    const text = query.toString();
    return text ? `${props.href}?${text}` : props.href;
  };
  return (
    <nav aria-label="Seiten" class="app-actions">
      {!props.isFirstPage && (
        <a class="kern-link" href={link()}>
          Zur ersten Seite
        </a>
      )}
      {props.nextCursor && (
        <a class="kern-link" href={link(props.nextCursor)} rel="next">
          Nächste Seite
        </a>
      )}
    </nav>
  );
}
