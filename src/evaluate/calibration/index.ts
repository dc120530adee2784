export { CategoryDraw } from './category-draw.js';
export { nullStatistics, type NullStatisticsOptions } from './null-statistics.js';
export { mixSeed, seededUniform } from './seeded-random.js';
export { sizeScale } from './size-scaling.js';
export { smoothedDraw } from './smoothed-draw.js';
export { ThresholdCalibrator, type Calibration, type CalibrationOptions } from './threshold-calibrator.js';
