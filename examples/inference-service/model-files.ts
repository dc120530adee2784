import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { io } from '@tensorflow/tfjs';

/** Where the trained model lives: the TF.js layers format (model.json + weights.bin). */
export const MODEL_DIR = new URL('../../../examples/inference-service/model/', import.meta.url);

/**
 * A TF.js IOHandler that reads the model from its folder. The pure-JS TF.js has no
 * file:// loader (tfjs-node has one, but needs a native library this project does not
 * install), so the two files are read here.
 */
export function modelFromFiles(dir: URL = MODEL_DIR): io.IOHandler {
  return {
    load: async () => {
      const artifacts = JSON.parse(readFileSync(new URL('model.json', dir), 'utf8')) as io.ModelJSON;
      const weights = readFileSync(join(dir.pathname, 'weights.bin'));
      return {
        modelTopology: artifacts.modelTopology,
        weightSpecs: artifacts.weightsManifest.flatMap((group) => group.weights),
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      };
    },
  };
}
