export { AlgorithmL, uniformOpenAtZero } from './algorithm-l.js';
export { batchRecord } from './batch-record.js';
export { mergeUniform, type DrawnSample } from './merge-uniform.js';
export { RecentSample, type RecentSampleOptions } from './recent-sample.js';
export { RecordReservoir } from './record-reservoir.js';
export { sampleCsv } from './sample-csv.js';
export { sampleJsonl } from './sample-jsonl.js';
export type { SampleRecord } from './sample-record.js';
export { sampleTable, type SampleCell, type SampleTable } from './sample-table.js';
export {
  SAMPLES_PATH_PREFIX, samplesPath, samplesPathKey, samplesRouteHandler, type SampleLookup, type SampleSource,
} from './samples-route.js';
