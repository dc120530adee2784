import type { Meter, Tracer } from '@opentelemetry/api';
import { InstrumentationBase, isWrapped, type InstrumentationModuleDefinition } from '@opentelemetry/instrumentation';
import { InferenceRecorder } from './inference-recorder.js';
import { type InProcessMetrics, modelMetricsProducer } from './in-process-metrics.js';
import { resolveModel } from './model-options-resolver.js';
import { onnxruntimeDefinitions } from './onnxruntime-patch.js';
import type { PatchContext } from './patch-context.js';
import { tfjsDefinitions } from './tfjs-patch.js';
import type { ModelInstrumentationConfig } from './types.js';
import { INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION } from './version.js';

/**
 * Zero-code instrumentation of the model runtimes: onnxruntime-node's
 * `InferenceSession.prototype.run` and TensorFlow.js models' `predict` / `execute`
 * (see each runtime's patch for the versions supported). Each call becomes a
 * CONVENTIONS.md §1 span with §3 metrics, as `instrumentModel` makes them.
 *
 * @example
 * registerInstrumentations({ instrumentations: [new ModelInstrumentation({ models: [{ match: 'churn', name: 'churn', version: '3' }] })] });
 */
export class ModelInstrumentation extends InstrumentationBase<ModelInstrumentationConfig> {
  private recorderOn?: { tracer: Tracer; meter: Meter; recorder: InferenceRecorder };

  constructor(config: ModelInstrumentationConfig = {}) {
    super(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION, config);
  }

  protected init(): InstrumentationModuleDefinition[] {
    const context: PatchContext = {
      wrap: (target, name, wrapper) => {
        this._wrap(target, name, wrapper);
      },
      unwrap: (target, name) => this._unwrap(target, name),
      isWrapped,
      recorder: () => this.recorder(),
      modelFor: (hint) => resolveModel(this.getConfig(), hint),
    };
    return [...onnxruntimeDefinitions(context), ...tfjsDefinitions(context)];
  }

  /**
   * The model metrics (§3) as a MetricProducer for your MetricReader
   * (`metricProducers: [instrumentation.metricProducer()]`): from then on they are
   * aggregated in process, cheaper per call than through the Metrics API, and profiles
   * mode keeps negative values. The same producer as modelMetricsProducer(); register
   * hands it to the readers it makes.
   */
  metricProducer(): InProcessMetrics {
    return modelMetricsProducer();
  }

  /** The recorder on the current tracer and meter (a new provider set later gets a new one). */
  private recorder(): InferenceRecorder {
    const { tracer, meter } = this;
    if (this.recorderOn === undefined || this.recorderOn.tracer !== tracer || this.recorderOn.meter !== meter) {
      this.recorderOn = { tracer, meter, recorder: new InferenceRecorder(tracer, meter) };
    }
    return this.recorderOn.recorder;
  }
}
