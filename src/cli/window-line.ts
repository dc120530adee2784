import type { LoadedConfig } from '../config/load-config.js';
import type { FeatureQuality } from '../evaluate/quality/feature-quality.js';
import type { WindowSignals } from '../pipeline/window-signals.js';

const QUALITY: readonly [keyof FeatureQuality, keyof LoadedConfig['data_quality'], string][] = [
  ['missingRatio', 'missing_ratio', 'missing'],
  ['typeMismatchRatio', 'type_mismatch_ratio', 'wrong type'],
  ['outOfRangeRatio', 'out_of_range_ratio', 'out of range'],
  ['newCategoryRatio', 'new_category_ratio', 'new categories'],
];

/**
 * One closed window as a line for a terminal: when, which model version, how many
 * records, the drifted features with their deciding statistic (and p-value), and the
 * data-quality ratios above their thresholds.
 *
 * @example "10:31:05  seattle-weather 1  31 records  drift 3/4: temp_max (ks 0.52, p 3e-07), ...  quality ok"
 */
export function windowLine(signals: WindowSignals, thresholds: LoadedConfig['data_quality']): string {
  const time = new Date(signals.windowEndUnixMs).toISOString().slice(11, 19);
  const head = `${time}  ${signals.model} ${signals.version}  ${signals.records} records`;
  if (!signals.evaluated) return `${head}  (no verdict: fewer records than the minimum)`;
  const inputs = signals.features.filter((f) => !f.name.startsWith('ml.prediction'));
  const drifted = signals.features.filter((f) => f.drifted);
  const drift = drifted.length === 0
    ? `no drift in ${inputs.length} feature${inputs.length === 1 ? '' : 's'}`
    : `drift ${inputs.filter((f) => f.drifted).length}/${inputs.length}: ${drifted.map((f) => `${f.name} (${f.method} ${round(f.statistic)}${f.pValue === null ? '' : `, p ${round(f.pValue)}`})`).join(', ')}`;
  const breaches = signals.features.flatMap((f) => QUALITY
    .filter(([key, threshold]) => typeof f.quality[key] === 'number' && (f.quality[key] as number) > thresholds[threshold])
    .map(([key, , what]) => `${f.name} ${what} ${percent(f.quality[key] as number)}`));
  return `${head}  ${drift}  ${breaches.length === 0 ? 'quality ok' : `quality: ${breaches.join(', ')}`}`;
}

function round(x: number): string {
  return Math.abs(x) >= 0.001 || x === 0 ? String(Number(x.toPrecision(2))) : x.toExponential(0);
}

function percent(x: number): string {
  return `${Number((100 * x).toPrecision(2))}%`;
}
