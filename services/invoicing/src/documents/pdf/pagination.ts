/**
 * Which rows and blocks go on which page, from their heights alone, so the rule can be tested without drawing.
 * Rows belong to the lines table: a page that starts with a row repeats the table header above it. Blocks (the
 * totals, notes, payment details) follow the table and are kept whole: one that does not fit moves to the next
 * page. Nothing is ever split; an item taller than a whole page gets a page of its own and overflows it.
 */
export interface FlowItem {
  kind: 'row' | 'block';
  height: number;
}

export interface PageSpace {
  /** Height from where the table header starts on the first page down to the bottom of the content area. */
  firstPage: number;
  /** The same on every following page, below the short continuation header. */
  followingPages: number;
  tableHeader: number;
}

export interface PagePlan {
  /** Indexes into the items, in order. */
  items: number[];
  /** Whether the table header is drawn at the top of this page. */
  tableHeader: boolean;
}

export function paginate(items: readonly FlowItem[], space: PageSpace): PagePlan[] {
  const pages: PagePlan[] = [];
  let page: PagePlan = { items: [], tableHeader: false };
  let left = space.firstPage;

  items.forEach((item, index) => {
    const header = item.kind === 'row' && page.items.length === 0 ? space.tableHeader : 0;
    if (page.items.length > 0 && header + item.height > left) {
      pages.push(page);
      page = { items: [], tableHeader: false };
      left = space.followingPages;
    }
    if (item.kind === 'row' && page.items.length === 0) {
      page.tableHeader = true;
      left -= space.tableHeader;
    }
    page.items.push(index);
    left -= item.height;
  });
  pages.push(page);
  return pages;
}
