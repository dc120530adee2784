/**
 * Data sets on which the streaming verdicts (window profiles) are compared with
 * `modelwatch report`'s exact ones, shared by streaming-agreement.test.ts and
 * bench/false-alarms.ts. Every sample is reproducible from its seed.
 */
import { numericalFeatureDrift } from '../../../src/evaluate/drift/feature-drift.js';
import { numericalReference } from '../../../src/evaluate/window/numerical-reference.js';
import { windowDrift, type WindowDrift } from '../../../src/evaluate/window/window-drift.js';
import { createWindowProfile } from '../../../src/evaluate/window/window-profile.js';
import type { FeatureDrift } from '../../../src/evaluate/drift/feature-drift.js';
import { sortedFinite } from '../../../src/stats/sorted-finite.js';
import { seededRandom, standardNormal } from '../../helpers/seeded-random.js';

export interface AgreementCase {
  readonly name: string;
  /** One value; `shift` is added to windows of the shifted cases. */
  readonly draw: (u: () => number) => number;
  /** Added to every window value (0: a stationary window). */
  readonly shift: number;
}

export const AGREEMENT_CASES: readonly AgreementCase[] = [
  { name: 'normal', draw: (u) => standardNormal(u), shift: 0 },
  { name: 'normal far from zero', draw: (u) => 1000 + 10 * standardNormal(u), shift: 0 },
  { name: 'log-normal', draw: (u) => Math.exp(standardNormal(u)), shift: 0 },
  { name: 'heavy ties (integers)', draw: (u) => Math.round(20 * Math.exp(0.8 * standardNormal(u))), shift: 0 },
  { name: 'five values', draw: (u) => Math.floor(5 * u()), shift: 0 },
  { name: 'normal shifted 0.2σ', draw: (u) => standardNormal(u), shift: 0.2 },
  { name: 'log-normal shifted', draw: (u) => Math.exp(standardNormal(u)), shift: 0.3 },
  { name: 'heavy ties shifted', draw: (u) => Math.round(20 * Math.exp(0.8 * standardNormal(u))), shift: 3 },
];

export interface Agreement {
  readonly exact: FeatureDrift;
  readonly streaming: WindowDrift;
}

/**
 * The report's verdict on exact values and the streaming one on a window profile of
 * the same values, for a 1,000-value reference and a window of m values.
 */
export function agreementOf(testCase: AgreementCase, m: number, seed: number): Agreement {
  const u = seededRandom(seed);
  const reference = Float64Array.from({ length: 1000 }, () => testCase.draw(u));
  const window = Float64Array.from({ length: m }, () => testCase.draw(u) + testCase.shift);
  const exact = numericalFeatureDrift(sortedFinite(reference), sortedFinite(window));
  const ref = numericalReference(reference);
  const profile = createWindowProfile(ref);
  for (const x of window) profile.add(x);
  return { exact, streaming: windowDrift(ref, profile) };
}

/** |streaming - exact| for KS, and relative for wasserstein_normed. */
export function errors(a: Agreement): { ks: number; wassersteinNormed: number } {
  return {
    ks: Math.abs(a.streaming.stats.ks! - a.exact.stats.ks!),
    wassersteinNormed: Math.abs(a.streaming.stats.wasserstein_normed! - a.exact.stats.wasserstein_normed!) / a.exact.stats.wasserstein_normed!,
  };
}
