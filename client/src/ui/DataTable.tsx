import { useId, type ReactNode } from 'react';
import { cx } from './cx';

export interface Column<T> {
  key: string;
  header: ReactNode;
  render: (row: T) => ReactNode;
  /** The column that names the row: rendered as a row header for screen-reader table navigation. */
  rowHeader?: boolean;
  className?: string;
}

export interface DataTableProps<T> {
  caption: ReactNode;
  /** Keep the caption for assistive technology but hide it when a heading already says the same. */
  hideCaption?: boolean;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  className?: string;
}

/**
 * A semantic table. Wide tables scroll inside a focusable, labelled region, so keyboard users can
 * scroll it on narrow screens.
 */
export function DataTable<T>({ caption, hideCaption, columns, rows, rowKey, className }: DataTableProps<T>) {
  const captionId = useId();
  return (
    <div className={cx('ui-table-wrap', className)} role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="ui-table">
        <caption id={captionId} className={hideCaption ? 'ui-visually-hidden' : 'ui-table__caption'}>
          {caption}
        </caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={column.className}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) =>
                column.rowHeader ? (
                  <th key={column.key} scope="row" className={column.className}>
                    {column.render(row)}
                  </th>
                ) : (
                  <td key={column.key} className={column.className}>
                    {column.render(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
