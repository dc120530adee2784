/**
 * Where TF.js models were loaded from, to name them and to pick their `models` entry
 * by `match`. A LayersModel does not keep its URL, so the loader's answer is
 * remembered here; a GraphModel keeps its own (see `pathOfSource`).
 */
const loadPaths = new WeakMap<object, string>();

/** The URL or path a model instance was loaded from, when a patched loader saw it. */
export function loadPathOf(model: object): string | undefined {
  return loadPaths.get(model);
}

/**
 * The path of a model source: a URL string, or an IOHandler that carries one (the
 * HTTP handler's `path`, tfjs-node's file handler's `path` or first of its paths).
 * Undefined for in-memory sources.
 */
export function pathOfSource(source: unknown): string | undefined {
  if (typeof source === 'string') return source;
  if (typeof source !== 'object' || source === null) return undefined;
  const path = (source as { path?: unknown }).path;
  if (typeof path === 'string') return path;
  if (Array.isArray(path) && typeof path[0] === 'string') return path[0];
  return undefined;
}

type Loader = (source: unknown, ...rest: unknown[]) => unknown;

/**
 * Wraps a model loader (`loadLayersModel(pathOrIOHandler, options)`) so the model it
 * resolves to is remembered with its path. The caller gets a promise of the same model,
 * and a failed load rejects as it did.
 */
export function rememberingLoadPath<F extends Loader>(load: F): F {
  return function loadRemembered(this: unknown, source: unknown, ...rest: unknown[]): unknown {
    const loading = load.call(this, source, ...rest);
    const path = safely(() => pathOfSource(source));
    if (path === undefined || !isPromise(loading)) return loading;
    return loading.then((model) => {
      if (typeof model === 'object' && model !== null) loadPaths.set(model, path);
      return model;
    });
  } as F;
}

function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function isPromise(value: unknown): value is Promise<unknown> {
  return value instanceof Promise;
}
