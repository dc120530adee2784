/**
 * Trains the example service's model: Seattle's weather type (drizzle, fog, rain,
 * snow, sun) from the day's precipitation, temperatures and wind, a small TF.js
 * network (4 → 16 ReLU → 5 softmax) fitted on 2012, the replayer's reference period.
 * The inputs' standardization is folded into the first layer, so the saved model
 * takes raw values. Writes model/model.json and model/weights.bin (committed) and
 * prints accuracy on 2012 and on each later year (the labels drift: fog grows).
 *
 * Run: node dist/examples/inference-service/train.js
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { seattleDays, WEATHER_CLASSES, WEATHER_FEATURES, type SeattleDay } from '../seattle-weather/seattle-days.js';
import { MODEL_DIR } from './model-files.js';

const TRAINING_YEAR = '2012';

function matrix(days: readonly SeattleDay[]): number[][] {
  return days.map((day) => WEATHER_FEATURES.map((feature) => day[feature]));
}

function columnStats(rows: number[][]): { mean: number[]; std: number[] } {
  const mean = WEATHER_FEATURES.map((_, j) => rows.reduce((sum, row) => sum + row[j], 0) / rows.length);
  const std = WEATHER_FEATURES.map((_, j) => Math.sqrt(rows.reduce((sum, row) => sum + (row[j] - mean[j]) ** 2, 0) / rows.length) || 1);
  return { mean, std };
}

async function main(): Promise<void> {
  const days = seattleDays();
  const training = days.filter((day) => day.date.startsWith(TRAINING_YEAR));
  const x = matrix(training);
  const { mean, std } = columnStats(x);
  const standardized = tf.tensor2d(x.map((row) => row.map((v, j) => (v - mean[j]) / std[j])));
  const labels = tf.oneHot(tf.tensor1d(training.map((day) => WEATHER_CLASSES.indexOf(day.weather as never)), 'int32'), WEATHER_CLASSES.length);

  const model = tf.sequential({ name: 'seattle_weather' });
  model.add(tf.layers.dense({ inputShape: [WEATHER_FEATURES.length], units: 16, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }) }));
  model.add(tf.layers.dense({ units: WEATHER_CLASSES.length, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 8 }) }));
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  await model.fit(standardized, labels, { epochs: 300, batchSize: 64, shuffle: false, verbose: 0 });

  // Fold the standardization in: W' = W / std (per input row), b' = b - sum_j W'[j] mean[j].
  const [kernel, bias] = model.layers[0].getWeights();
  const w = kernel.arraySync() as number[][];
  const b = bias.arraySync() as number[];
  const folded = w.map((row, j) => row.map((v) => v / std[j]));
  const shifted = b.map((v, k) => v - folded.reduce((sum, row, j) => sum + row[k] * mean[j], 0));
  model.layers[0].setWeights([tf.tensor2d(folded), tf.tensor1d(shifted)]);

  mkdirSync(MODEL_DIR, { recursive: true });
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const weights = Buffer.from(artifacts.weightData as ArrayBuffer);
    writeFileSync(new URL('weights.bin', MODEL_DIR), weights);
    writeFileSync(new URL('model.json', MODEL_DIR), `${JSON.stringify({
      format: artifacts.format, generatedBy: artifacts.generatedBy, convertedBy: null, modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
    }, null, 1)}\n`);
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  }));

  const accuracy: Record<string, number> = {};
  for (const year of ['2012', '2013', '2014', '2015']) {
    const subset = days.filter((day) => day.date.startsWith(year));
    const predicted = (model.predict(tf.tensor2d(matrix(subset))) as tf.Tensor).argMax(-1).arraySync() as number[];
    accuracy[year] = Number((predicted.filter((k, i) => WEATHER_CLASSES[k] === subset[i].weather).length / subset.length).toFixed(3));
  }
  process.stdout.write(`${JSON.stringify({ wrote: fileURLToPath(MODEL_DIR), trainedOn: `${training.length} days of ${TRAINING_YEAR}`, accuracy })}\n`);
}

await main();
