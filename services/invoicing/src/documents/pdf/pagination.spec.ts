import { describe, expect, it } from 'vitest';
import { type FlowItem, paginate } from './pagination.ts';

const rows = (count: number, height = 10): FlowItem[] => Array.from({ length: count }, () => ({ kind: 'row', height }));
const block = (height: number): FlowItem => ({ kind: 'block', height });
const space = { firstPage: 100, followingPages: 200, tableHeader: 20 };

describe('pagination of the lines table', () => {
  it('keeps a short invoice on one page with the table header', () => {
    expect(paginate([...rows(3), block(30)], space)).toEqual([{ items: [0, 1, 2, 3], tableHeader: true }]);
  });

  it('moves the rows that do not fit to the next page and repeats the header there', () => {
    // First page: header 20 + 8 rows of 10 = 100. Next page: header 20 + 2 rows.
    const pages = paginate(rows(10), space);
    expect(pages.map((page) => page.items.length)).toEqual([8, 2]);
    expect(pages.every((page) => page.tableHeader)).toBe(true);
  });

  it('places every one of 60 rows exactly once, in order', () => {
    const pages = paginate([...rows(60, 24), block(120)], space);
    expect(pages.flatMap((page) => page.items)).toEqual(Array.from({ length: 61 }, (_, index) => index));
    expect(pages.length).toBeGreaterThan(2);
  });

  it('moves the totals whole to a new page without a table header when they do not fit under the last row', () => {
    const pages = paginate([...rows(7), block(30)], space);
    expect(pages).toEqual([
      { items: [0, 1, 2, 3, 4, 5, 6], tableHeader: true },
      { items: [7], tableHeader: false },
    ]);
  });

  it('gives an item taller than a page a page of its own rather than looping', () => {
    const pages = paginate([...rows(1), block(500), block(10)], space);
    expect(pages.map((page) => page.items)).toEqual([[0], [1], [2]]);
  });
});
