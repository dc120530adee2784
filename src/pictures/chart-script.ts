import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let cached: string | undefined;

/**
 * Chart.js's browser build (UMD, minified), as text to inline in a page: the HTML
 * report and the live page need no network to draw, so the script travels with them.
 * Read from the installed package once, on first use.
 */
export function chartScript(): string {
  cached ??= readFileSync(require.resolve('chart.js/dist/chart.umd.min.js'), 'utf8');
  return cached;
}

/** Text for inside a `<script>` element: a `</script` in it would end the element early. */
export function scriptText(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1');
}
