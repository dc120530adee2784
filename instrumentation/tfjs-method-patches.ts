import type { PatchContext } from './patch-context.js';

type Method = (this: unknown, ...args: unknown[]) => unknown;
type Methods = Record<string, Method>;

/**
 * Wraps the named methods a class prototype (or a module's exports) defines itself.
 * An inherited method is left to the class that defines it, so a subclass that does
 * not override it is covered by its base's wrapper and nothing is wrapped twice; a
 * method a runtime version lacks is skipped.
 */
export function wrapOwnMethods(context: PatchContext, target: unknown, names: readonly string[], wrapper: (original: Method) => Method): void {
  if (!isObject(target)) return;
  for (const name of names) {
    if (Object.prototype.hasOwnProperty.call(target, name) && typeof target[name] === 'function') {
      context.wrap(target, name, wrapper);
    }
  }
}

/** Restores what wrapOwnMethods wrapped. */
export function unwrapOwnMethods(context: PatchContext, target: unknown, names: readonly string[]): void {
  if (!isObject(target)) return;
  for (const name of names) {
    if (context.isWrapped(target[name])) context.unwrap(target, name);
  }
}

function isObject(value: unknown): value is Methods {
  return (typeof value === 'object' || typeof value === 'function') && value !== null;
}

/** A class's prototype from a module's exports, when the module exports that class. */
export function prototypeOf(moduleExports: unknown, className: string): unknown {
  const constructor = isObject(moduleExports) ? (moduleExports as Record<string, unknown>)[className] : undefined;
  return typeof constructor === 'function' ? constructor.prototype : undefined;
}
