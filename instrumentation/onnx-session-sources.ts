import { metadataFromBytes, metadataFromFile, type OnnxModelMetadata } from './onnx-model-metadata.js';

/** Where a session's model came from: what InferenceSession.create was given. */
export interface SessionSource {
  /** The model file's path, when created from a path (not from bytes). */
  readonly path?: string;
  readonly metadata: OnnxModelMetadata;
}

/**
 * The source of each session the patched `create` made. A session does not keep its
 * model's path, and the path is what config `models` entries match on. Weak: a
 * released session is forgotten with it.
 */
const sources = new WeakMap<object, SessionSource>();

export function sourceOf(session: object): SessionSource | undefined {
  return sources.get(session);
}

/**
 * `created` (what the original `create` returned) with the session's source
 * remembered once it resolves: the caller gets the same session, or the same
 * rejection; the model's metadata is read while the runtime loads the model, and
 * nothing here can fail the call.
 */
export function rememberSource(created: unknown, args: readonly unknown[]): unknown {
  if (!isPromiseLike(created)) return created;
  const path = typeof args[0] === 'string' ? args[0] : undefined;
  const metadata = readMetadata(args).catch((): OnnxModelMetadata => ({}));
  return created.then(async (session) => {
    if (typeof session === 'object' && session !== null) sources.set(session, { ...(path === undefined ? {} : { path }), metadata: await metadata });
    return session;
  });
}

/** create's arguments: (path, options?), (bytes, options?) or (buffer, byteOffset?, byteLength?, options?). */
async function readMetadata(args: readonly unknown[]): Promise<OnnxModelMetadata> {
  const [model, byteOffset, byteLength] = args;
  if (typeof model === 'string') return metadataFromFile(model);
  if (model instanceof Uint8Array) return metadataFromBytes(model);
  if (model instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && model instanceof SharedArrayBuffer)) {
    const offset = typeof byteOffset === 'number' ? byteOffset : 0;
    const length = typeof byteLength === 'number' ? byteLength : model.byteLength - offset;
    return metadataFromBytes(new Uint8Array(model, offset, length));
  }
  return {};
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
