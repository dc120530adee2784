import type { InstrumentationScope, Resource } from './types.js';

/*
 * The three OTLP export requests nest the same way: resources, each with scopes,
 * each with items (spans, log records or metrics). The decoders read that envelope
 * once, generically, and name its levels per signal.
 */

/** The items of one instrumentation scope: ScopeSpans, ScopeLogs or ScopeMetrics. */
export interface ScopeGroup<T> {
  readonly scope: InstrumentationScope;
  readonly items: T[];
}

/** The scopes of one resource: ResourceSpans, ResourceLogs or ResourceMetrics. */
export interface ResourceGroup<T> {
  readonly resource: Resource;
  readonly scopes: ScopeGroup<T>[];
}

/** The JSON names of the three levels, for error paths such as `resourceSpans[0].scopeSpans[1].spans[3]`. */
export interface LevelNames {
  readonly resources: string;
  readonly scopes: string;
  readonly items: string;
}
