/** The benchmark's one table: a row per figure, met / not met where it has a target. */

export interface Row {
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  /** `null`: reported, no target. */
  pass: boolean | null;
}

export function formatTable(rows: Row[]): string {
  const header = { figure: 'figure', value: 'value', baseline: 'baseline', ratio: 'ratio', target: 'target', pass: 'target met' };
  const cells = [header, ...rows.map((row) => ({ ...row, pass: row.pass === null ? '—' : row.pass ? 'met' : 'not met' }))];
  const keys = Object.keys(header) as (keyof typeof header)[];
  const widths = keys.map((key) => Math.max(...cells.map((cell) => String(cell[key]).length)));
  const line = (cell: (typeof cells)[number]) => `| ${keys.map((key, index) => String(cell[key]).padEnd(widths[index])).join(' | ')} |`;
  return [line(cells[0]), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
export const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
export const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
