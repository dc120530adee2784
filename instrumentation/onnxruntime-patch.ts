import { diag } from '@opentelemetry/api';
import { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import type { InferenceRecorder } from './inference-recorder.js';
import type { MonitoredModel } from './monitored-model.js';
import { observeOnnxRun, type SessionNames } from './onnx-run-observation.js';
import { rememberSource, sourceOf } from './onnx-session-sources.js';
import type { PatchContext } from './patch-context.js';

/**
 * onnxruntime-common's InferenceSession (which onnxruntime-node re-exports) has had
 * the same shape since 1.8.0, the first onnxruntime-node: a class with `run` on its
 * prototype, a static async `create`, and `inputNames` / `outputNames`. Tested on 1.30.0.
 */
export const ONNXRUNTIME_VERSIONS = ['>=1.8.0 <2'];

/**
 * Both packages: a CommonJS app's `require('onnxruntime-node')` is seen under its own
 * name, but an ES module app's `import` of it is not seen by the require hook at all
 * (only by import-in-the-middle, when its loader is registered), while the
 * `require('onnxruntime-common')` inside onnxruntime-node always is. Whichever comes
 * first patches the one class; the other finds it patched.
 */
const MODULES = ['onnxruntime-node', 'onnxruntime-common'];

/** Marks the wrappers this patch made, so it neither wraps twice nor unwraps another's. */
const PATCHED = Symbol.for('modelwatch.onnxruntime.patched');

type Method = (this: unknown, ...args: unknown[]) => unknown;

interface SessionPrototype {
  run: Method;
}

interface SessionClass {
  create: Method;
  prototype: SessionPrototype;
}

/**
 * Patches onnxruntime's `InferenceSession.prototype.run`: every run becomes a
 * CONVENTIONS.md §1 span (with §3 metrics) of the session's model, its feeds read as
 * features and its outputs as predictions (see observeOnnxRun). `InferenceSession.create`
 * is wrapped only to remember each session's model path and ONNX metadata (name,
 * version), which name the model; sessions created before the patch are named by the
 * config alone. The run's promise, result and error reach the caller unchanged.
 */
export function onnxruntimeDefinitions(context: PatchContext): InstrumentationNodeModuleDefinition[] {
  /** Each session's model; null for a session whose model options are invalid (logged once, run untraced). */
  const models = new WeakMap<object, MonitoredModel | null>();

  const modelOf = (session: object): MonitoredModel | null => {
    let model = models.get(session);
    if (model === undefined) {
      const source = sourceOf(session);
      try {
        model = context.modelFor({
          ...(source?.path === undefined ? {} : { path: source.path }),
          ...source?.metadata,
        });
      } catch (error) {
        diag.error(`modelwatch: the onnxruntime session of ${source?.path ?? 'a model'} is not monitored`, error);
        model = null;
      }
      models.set(session, model);
    }
    return model;
  };

  const wrapRun = (original: Method): Method =>
    marked(function run(this: unknown, ...args: unknown[]): unknown {
      const session = this;
      if (typeof session !== 'object' || session === null) return original.apply(session, args);
      const model = modelOf(session);
      if (model === null) return original.apply(session, args);
      let recorder: InferenceRecorder;
      try {
        recorder = context.recorder();
      } catch (error) {
        diag.error('modelwatch: no recorder for an onnxruntime run; not traced', error);
        return original.apply(session, args);
      }
      const feeds = args[0];
      return recorder.traced(model, () => original.apply(session, args), (result) => observeOnnxRun(feeds, result, namesOf(session), model.options));
    });

  const wrapCreate = (original: Method): Method =>
    marked(function create(this: unknown, ...args: unknown[]): unknown {
      return rememberSource(original.apply(this, args), args);
    });

  const patch = (exports: unknown): unknown => {
    const sessionClass = sessionClassOf(exports);
    if (sessionClass === undefined) {
      diag.debug('modelwatch: this onnxruntime module has no InferenceSession to patch');
      return exports;
    }
    if (!isOurs(sessionClass.prototype.run)) context.wrap(sessionClass.prototype, 'run', wrapRun);
    if (!isOurs(sessionClass.create)) context.wrap(sessionClass, 'create', wrapCreate);
    return exports;
  };

  const unpatch = (exports: unknown): void => {
    const sessionClass = sessionClassOf(exports);
    if (sessionClass === undefined) return;
    if (isOurs(sessionClass.prototype.run)) context.unwrap(sessionClass.prototype, 'run');
    if (isOurs(sessionClass.create)) context.unwrap(sessionClass, 'create');
  };

  return MODULES.map((name) => new InstrumentationNodeModuleDefinition(name, ONNXRUNTIME_VERSIONS, patch, unpatch));
}

function sessionClassOf(exports: unknown): SessionClass | undefined {
  const candidate: unknown = (exports as { InferenceSession?: unknown } | null | undefined)?.InferenceSession;
  if (typeof candidate !== 'function') return undefined;
  const { create, prototype } = candidate as unknown as Partial<SessionClass>;
  if (typeof create !== 'function' || typeof prototype?.run !== 'function') return undefined;
  return candidate as unknown as SessionClass;
}

/** The session's declared input and output names; empty when it does not say. */
function namesOf(session: object): SessionNames {
  const { inputNames, outputNames } = session as Partial<SessionNames>;
  return { inputNames: Array.isArray(inputNames) ? inputNames : [], outputNames: Array.isArray(outputNames) ? outputNames : [] };
}

function marked(fn: Method): Method {
  Object.defineProperty(fn, PATCHED, { value: true });
  return fn;
}

const isOurs = (fn: unknown): boolean => typeof fn === 'function' && (fn as unknown as Record<symbol, unknown>)[PATCHED] === true;
