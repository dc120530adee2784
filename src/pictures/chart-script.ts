import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

let cached: string | undefined;

/**
 * Chart.js's browser build (UMD, minified), as text to inline in a page: the HTML
 * report and the live page need no network to draw, so the script travels with them.
 * Read from the installed package once, on first use.
 */
export function chartScript(): string {
  // The package's "exports" map lists no UMD file, so resolve its CommonJS entry (dist/chart.cjs) and read its neighbour.
  cached ??= readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
  return cached;
}

/** Text for inside a `<script>` element: a `</script` in it would end the element early. */
export function scriptText(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1');
}
