/**
 * `node --import modelwatch/register app.js` (or `--require` for CommonJS): starts
 * the OpenTelemetry SDK and the model instrumentation before the app's own code, from
 * `OTEL_*` and `MODELWATCH_*` variables (see startModelwatch and configFromEnv).
 * For ESM apps, the import-in-the-middle loader hook is registered too, so modules
 * the app imports (not only those it requires) are patched.
 *
 * Only on the main thread: Node also runs `--require` preloads in its module-hooks
 * thread, where a second SDK and a second hook registration would do harm (worker
 * threads of the app are not instrumented by this preload either).
 */
import module from 'node:module';
import { isMainThread } from 'node:worker_threads';
import { startModelwatch } from './start.js';

if (isMainThread && process.env.OTEL_SDK_DISABLED?.trim().toLowerCase() !== 'true') {
  if (typeof module.register === 'function') module.register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  startModelwatch();
}
