/**
 * The agreement part of bench/false-alarms.ts: the largest difference between KS and
 * wasserstein_normed read from window profiles and the exact ones of `modelwatch
 * report` on the same values, per data set and window size, over `seeds` samples;
 * and whether every binned metric was equal (it must be, bit for bit).
 */
import { AGREEMENT_CASES, agreementOf, errors } from '../test/evaluate/window/agreement-cases.js';

const BINNED = ['psi', 'kl', 'js_distance', 'hellinger', 'tvd', 'chi2'] as const;

export function measureAgreement(seeds: number) {
  const out: Record<string, Record<number, { ksMaxAbsError: number; wassersteinNormedMaxRelError: number; binnedEqual: boolean }>> = {};
  for (const testCase of AGREEMENT_CASES) {
    out[testCase.name] = {};
    for (const m of [100, 1000, 10_000]) {
      let ks = 0;
      let wn = 0;
      let binnedEqual = true;
      for (let seed = 1; seed <= seeds; seed++) {
        const a = agreementOf(testCase, m, 104729 * seed + m);
        const e = errors(a);
        ks = Math.max(ks, e.ks);
        wn = Math.max(wn, e.wassersteinNormed);
        for (const key of BINNED) if (!Object.is(a.streaming.stats[key], a.exact.stats[key])) binnedEqual = false;
      }
      out[testCase.name][m] = { ksMaxAbsError: ks, wassersteinNormedMaxRelError: wn, binnedEqual };
    }
  }
  return out;
}
