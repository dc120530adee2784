import { chartScript } from '../pictures/chart-script.js';
import type { OtlpHttpReceiver } from '../receiver/otlp-http-receiver.js';
import type { RouteResponse } from '../receiver/route.js';
import type { DashboardConfig } from './dashboard-config.js';
import type { DashboardHistory } from './dashboard-history.js';
import { featureDetailJson, type ListedVersion, modelsJson, versionJson } from './dashboard-json.js';
import { dashboardPage } from './dashboard-page.js';

export const DASHBOARD_PATH = '/ui';
export const DASHBOARD_CHART_PATH = '/ui/chart.js';
export const DASHBOARD_MODELS_PATH = '/ui/api/models';
const VERSION_PREFIX = '/ui/api/models/';

export interface DashboardRoutesOptions {
  readonly history: DashboardHistory;
  /** The versions known now, with their phase (ModelRegistry.list). */
  readonly versions: () => readonly ListedVersion[];
  readonly config: Readonly<DashboardConfig>;
}

/**
 * The live dashboard on the receiver's port (README "Live dashboard"):
 * - `GET /ui`: the page, one HTML document with its CSS and script inline, holding no
 *   data: served to anyone (role 'public'), since a browser cannot send a bearer
 *   token with a page load; with tokens configured it asks for one and sends it on
 *   its API calls;
 * - `GET /ui/chart.js`: Chart.js's browser build, so the page needs no network;
 * - `GET /ui/api/models`, `GET /ui/api/models/{name}/{version}` and
 *   `GET /ui/api/models/{name}/{version}/features/{feature}` (segments
 *   URL-encoded): the JSON the page reads, with the admin role like the admin API,
 *   since it shows what the monitored data looks like.
 */
export function addDashboardRoutes(receiver: OtlpHttpReceiver, options: DashboardRoutesOptions): void {
  const { history, versions, config } = options;
  const page = dashboardPage({ refreshMs: config.refresh, chartPath: DASHBOARD_CHART_PATH, apiPath: DASHBOARD_MODELS_PATH });
  const pageAnswer: RouteResponse = {
    status: 200, contentType: 'text/html; charset=utf-8', body: page.html,
    headers: { 'Content-Security-Policy': page.contentSecurityPolicy, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-cache' },
  };
  receiver.route(DASHBOARD_PATH, () => pageAnswer, { methods: ['GET'], role: 'public' });
  receiver.route(DASHBOARD_CHART_PATH, () => ({
    status: 200, contentType: 'text/javascript; charset=utf-8', body: chartScript(),
    headers: { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'max-age=86400' },
  }), { methods: ['GET'], role: 'public' });
  receiver.route(DASHBOARD_MODELS_PATH, () => json(200, modelsJson(versions(), history)), { methods: ['GET'], role: 'admin' });
  receiver.routePrefix(VERSION_PREFIX, (request) => {
    const segments = decodedSegments(request.path.slice(VERSION_PREFIX.length));
    if (segments === undefined) return notFound(`${request.path} is not a model version or feature path: encode each name with encodeURIComponent`);
    const [model, version, features, feature] = segments;
    const listed = versions().find((v) => v.model === model && v.version === version);
    if (listed === undefined || !(segments.length === 2 || (segments.length === 4 && features === 'features'))) {
      return notFound(listed === undefined ? `model "${model}" version "${version}" is not known; GET ${DASHBOARD_MODELS_PATH} lists them`
        : `${request.path} is neither .../{name}/{version} nor .../{name}/{version}/features/{feature}`);
    }
    if (segments.length === 2) return json(200, versionJson(listed, history, config.trace_url));
    const kept = history.versionOf(listed);
    const detail = kept === undefined ? undefined : featureDetailJson(kept, feature);
    if (detail === undefined) return notFound(`feature "${feature}" of model "${model}" version "${version}" has no closed window yet`);
    return json(200, detail);
  }, { methods: ['GET'], role: 'admin' });
}

function decodedSegments(rest: string): string[] | undefined {
  try {
    const segments = rest.split('/').map(decodeURIComponent);
    return segments.length === 2 || segments.length === 4 ? segments : undefined;
  } catch {
    return undefined;
  }
}

function notFound(message: string): RouteResponse {
  return json(404, { error: 'MODELWATCH_ERR_NOT_FOUND', message });
}

function json(status: number, body: unknown): RouteResponse {
  return { status, contentType: 'application/json', body: JSON.stringify(body), headers: { 'Cache-Control': 'no-store' } };
}
