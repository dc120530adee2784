import { type CalibrationOptions, ThresholdCalibrator } from '../calibration/threshold-calibrator.js';
import type { FeatureQuality } from '../quality/feature-quality.js';
import { defaultDecision } from '../drift/default-decision.js';
import type { DriftOverride } from '../drift/feature-drift.js';
import type { FeatureReference } from './feature-reference.js';
import { windowDrift, type WindowDrift } from './window-drift.js';
import { createWindowProfile, type WindowProfile } from './window-profile.js';
import { windowQuality } from './window-quality.js';

export interface FeatureMonitorOptions {
  /** The feature's configured method and threshold (a threshold set here is used as is: 'configured'). */
  override?: DriftOverride;
  /**
   * Calibration of unset thresholds (see ThresholdCalibrator); false keeps §5's fixed
   * defaults, as `modelwatch report` has them. @default {} (calibrated)
   */
  calibration?: CalibrationOptions | false;
}

/**
 * Everything the processor keeps for one feature of one model version, bounded by
 * the reference and not by traffic: the reference, the feature's configuration, and
 * its calibrated thresholds (cached per window-size bucket). Windows are profiles it
 * makes; on a window's close, `judge` gives the verdict and `quality` the data quality.
 *
 * @example
 * const monitor = new FeatureMonitor(featureReference(firstThousandValues));
 * let window = monitor.createWindow();
 * for (const value of records) window.add(value);
 * const verdict = monitor.judge(window); // verdict.drifted, verdict.threshold, verdict.thresholdSource
 */
export class FeatureMonitor {
  readonly reference: FeatureReference;
  readonly override: DriftOverride;
  /** null when calibration is off. */
  readonly calibrator: ThresholdCalibrator | null;

  constructor(reference: FeatureReference, options: FeatureMonitorOptions = {}) {
    this.reference = reference;
    this.override = options.override ?? {};
    this.calibrator = options.calibration === false ? null : new ThresholdCalibrator(reference, options.calibration);
  }

  /** An empty window profile for this feature (see createWindowProfile). */
  createWindow(): WindowProfile {
    return createWindowProfile(this.reference);
  }

  /**
   * The verdict on a closed window. The first window of a new size bucket costs one
   * calibration (tens of milliseconds; see ThresholdCalibrator); later ones do not.
   * @throws RangeError if the configured method does not apply to the feature
   */
  judge(window: WindowProfile): WindowDrift {
    return windowDrift(this.reference, window, { override: this.override, thresholds: this.calibrator ?? undefined });
  }

  /**
   * Calibrates the deciding method's threshold for windows of about `windowSize`
   * values ahead of need, off the event loop (see ThresholdCalibrator.prepare), so
   * that `judge` need not calibrate on the spot. Nothing to do when calibration is
   * off, the threshold is configured, or it needs no calibration.
   */
  async prepare(windowSize: number): Promise<void> {
    if (this.calibrator === null || this.override.threshold !== undefined || !(windowSize >= 1)) return;
    await this.calibrator.prepare(this.#decidingMethod(), windowSize);
  }

  #decidingMethod() {
    return this.override.method ?? defaultDecision(this.reference.kind === 'numerical', this.reference.size).method;
  }

  /** The window's data quality against the reference (see windowQuality). */
  quality(window: WindowProfile): FeatureQuality {
    return windowQuality(this.reference, window);
  }
}
