/**
 * The calibration thread's body (see CalibrationThread): computes each calibration
 * it is sent, in order, with the same ThresholdCalibrator the main thread would use.
 */
import { parentPort } from 'node:worker_threads';
import type { CalibrationAnswer, PostedRequest } from './calibration-thread.js';
import { ThresholdCalibrator } from './threshold-calibrator.js';

parentPort!.on('message', (request: PostedRequest) => {
  let answer: CalibrationAnswer;
  try {
    const calibrator = new ThresholdCalibrator(request.reference, request.settings);
    answer = { id: request.id, calibration: calibrator.calibration(request.method, request.windowSize) };
  } catch (error) {
    answer = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(answer);
});
