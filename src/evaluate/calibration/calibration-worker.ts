/**
 * The calibration thread's body (see CalibrationThread): computes each calibration
 * it is sent, in order, with the same ThresholdCalibrator the main thread would use.
 */
import { answerRequests } from '../../threads/answer-requests.js';
import type { CalibrationRequest } from './calibration-thread.js';
import { ThresholdCalibrator, type Calibration } from './threshold-calibrator.js';

answerRequests<CalibrationRequest, Calibration>((request) => {
  const calibrator = new ThresholdCalibrator(request.reference, request.settings);
  return calibrator.calibration(request.method, request.windowSize);
});
