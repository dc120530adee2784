import type { Report } from './report-types.js';

/**
 * The report as JSON text. JSON has no NaN or Infinity: a statistic that could not be
 * computed (an empty sample, a ratio over zero values) is written as null.
 */
export function reportJson(report: Report): string {
  return JSON.stringify(report, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2);
}
