import { z } from 'zod';
import { duration, flag, httpUrl, integer, section } from '../config/schema-fields.js';

/** The placeholder of `ui.trace_url` that an alert's trace id replaces. */
export const TRACE_ID_PLACEHOLDER = '{trace_id}';

/**
 * The live dashboard at `/ui` (src/ui): what it keeps in memory and where its alerts
 * link to. A fragment of serveConfigSchema, its top-level `ui` key.
 */
export const dashboardSettings = section('live dashboard settings', {
  /**
   * Serve the page at `/ui` and its JSON API at `/ui/api/...`, and keep the recent
   * windows they show.
   * @default true
   */
  enabled: flag().default(true),
  /**
   * Link from an alert to its trace: a URL with `{trace_id}` (and optionally
   * `{span_id}`), such as `https://jaeger.example/trace/{trace_id}`.
   * @default undefined (alerts show the trace id without a link)
   */
  trace_url: httpUrl().refine((url) => url.includes(TRACE_ID_PLACEHOLDER), {
    error: `expected a URL with ${TRACE_ID_PLACEHOLDER} in it, such as https://jaeger.example/trace/${TRACE_ID_PLACEHOLDER}`,
  }).optional(),
  /**
   * Closed windows kept per model version for the heatmap (their drift and data
   * quality by feature) and its performance figures.
   * @default 60
   */
  windows: integer(1, 10_000).default(60),
  /**
   * Feature-windows (one feature's verdict and data quality in one window, about 40
   * bytes) kept over all model versions; past it the oldest windows go first, so
   * memory stays bounded whatever `limits.models` and `limits.features_per_model` allow.
   * @default 2000000
   */
  max_cells: integer(1).default(2_000_000),
  /**
   * Recent alerts kept (of every model version), newest first.
   * @default 200
   */
  alerts: integer(1, 100_000).default(200),
  /**
   * How often the page asks for new data.
   * @default 10000 (10s)
   */
  refresh: duration().default(10_000),
}).prefault({});

/** The `ui` settings, all set. */
export type DashboardConfig = z.output<typeof dashboardSettings>;
