export { ModelInstrumentation } from './model-instrumentation.js';
export { instrumentModel, type InstrumentModelOptions } from './instrument-model.js';
export { recordFeedback, type Feedback } from './feedback.js';
export { inferenceIdsOf } from './inference-ids.js';
export { InferenceRecorder } from './inference-recorder.js';
export type { CellValue, ObservedInference } from './observed-inference.js';
export type { OutputColumns } from './prediction-outputs.js';
export type { InferenceHook, InferenceInfo, ModelInstrumentationConfig, ModelOptions, ModelTask } from './types.js';
