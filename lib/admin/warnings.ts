import type { SessionAggregates } from "cartsession/store";

/** When the sessions table deserves a look (WooCommerce's guidance: 500,000 rows or 500 MB). */
export interface Thresholds {
  maxRows: number;
  maxTableBytes: number;
}

export function tableWarnings(figures: Pick<SessionAggregates, "rows" | "expiredRows" | "tableBytes" | "valueBytes">, thresholds: Thresholds): string[] {
  const warnings: string[] = [];
  if (figures.rows > thresholds.maxRows) {
    warnings.push(`The sessions table holds ${figures.rows.toLocaleString("en")} rows, over ${thresholds.maxRows.toLocaleString("en")}.`);
  }
  const bytes = figures.tableBytes ?? figures.valueBytes;
  if (bytes > thresholds.maxTableBytes) {
    warnings.push(`The session database takes ${(bytes / 1048576).toFixed(0)} MB, over ${(thresholds.maxTableBytes / 1048576).toFixed(0)} MB.`);
  }
  if (figures.expiredRows > 0 && figures.expiredRows >= figures.rows / 2) {
    warnings.push(`${figures.expiredRows.toLocaleString("en")} expired rows await cleanup: is the cleanup cron running?`);
  }
  return warnings;
}
