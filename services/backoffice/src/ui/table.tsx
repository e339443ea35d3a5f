import type { Child } from 'hono/jsx';

export interface Column<T> {
  header: string;
  cell: (row: T) => Child;
  /** Right-aligned (amounts, counts). */
  numeric?: boolean;
}

/** A KERN table with a caption (its accessible name) and a sentence instead of an empty table. */
export function DataTable<T>(props: {
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  empty: string;
  captionHidden?: boolean;
}) {
  if (props.rows.length === 0) return <p class="kern-body">{props.empty}</p>;
  return (
    <div class="kern-table-responsive">
      <table class="kern-table kern-table--striped">
        <caption class={props.captionHidden ? 'kern-sr-only' : 'kern-title'}>{props.caption}</caption>
        <thead class="kern-table__head">
          <tr class="kern-table__row">
            {props.columns.map((col) => (
              <th scope="col" class={col.numeric ? 'kern-table__header kern-table__header--numeric' : 'kern-table__header'}>
                {col.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {props.rows.map((row) => (
            <tr class="kern-table__row">
              {props.columns.map((col) => (
                <td class={col.numeric ? 'kern-table__cell kern-table__cell--numeric' : 'kern-table__cell'}>{col.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
