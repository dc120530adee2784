/**
 * The TF.js versions the patches are declared for. The patched API (LayersModel and
 * Sequential predict/predictOnBatch, loadLayersModel, GraphModel predict/execute and
 * their async forms, GraphModel's `modelUrl`) is the same through 3.x and 4.x; the
 * tests run against the 4.x installed as a dev dependency.
 */
export const TFJS_SUPPORTED_VERSIONS: readonly string[] = ['>=3.0.0 <5'];
