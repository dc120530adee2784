/**
 * Replays Seattle's weather, 2012–2015, day by day in date order, to the example
 * inference service: each day is a `POST /predict`, and its true weather goes to
 * `POST /feedback` a few days later, as ground truth arrives in real life. 2012 is
 * the model's training year and modelwatch's reference period; the seasons of
 * 2013–2015 bring real drift.
 *
 *   node dist/examples/traffic/replay.js [--target URL] [--speed DAYS_PER_SECOND]
 *     [--feedback-delay DAYS] [--batch DAYS] [--quiet]
 *
 * --speed 6 (the default) replays a month in about 5 seconds; --batch sends several
 * days per request (for high speeds). Prints one line per month replayed.
 */
import { parseArgs } from 'node:util';
import { seattleDays, type SeattleDay } from '../seattle-weather/seattle-days.js';

interface Pending {
  readonly inferenceId: string;
  readonly label: string;
  readonly due: number;
}

const { values: args } = parseArgs({
  options: {
    target: { type: 'string', default: 'http://127.0.0.1:8080' },
    speed: { type: 'string', default: '6' },
    'feedback-delay': { type: 'string', default: '3' },
    batch: { type: 'string', default: '1' },
    quiet: { type: 'boolean', default: false },
  },
});

function positive(name: string, text: string, integer: boolean): number {
  const value = Number(text);
  if (!(value > 0) || (integer && !Number.isInteger(value))) {
    process.stderr.write(`replay: --${name} must be a positive ${integer ? 'integer' : 'number'}, got "${text}"\n`);
    process.exit(2);
  }
  return value;
}

const speed = positive('speed', args.speed!, false);
const batch = positive('batch', args.batch!, true);
const delay = Number(args['feedback-delay']);
const target = args.target!.replace(/\/+$/, '');

async function post(path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${target}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const row = ({ precipitation, temp_max, temp_min, wind }: SeattleDay) => ({ precipitation, temp_max, temp_min, wind });

/** Waits up to a minute for the service to answer /health (it may still be starting, as in the compose stack). */
async function serviceReady(): Promise<void> {
  const deadline = performance.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(`${target}/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch (error) {
      if (performance.now() > deadline) throw new Error(`${target}/health did not answer within a minute: ${(error as Error).message}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function replay(): Promise<void> {
  await serviceReady();
  const days = seattleDays();
  const pending: Pending[] = [];
  const started = performance.now();
  let month = days[0].date.slice(0, 7);
  let daysInMonth = 0;
  for (let i = 0; i < days.length; i += batch) {
    const wait = started + (i / speed) * 1000 - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const group = days.slice(i, i + batch);
    const { inferenceIds } = await post('/predict', { rows: group.map(row) }) as { inferenceIds: string[] };
    group.forEach((day, k) => {
      if (inferenceIds[k] !== undefined) pending.push({ inferenceId: inferenceIds[k], label: day.weather, due: i + k + delay });
    });
    while (pending.length > 0 && pending[0].due <= i) {
      const { inferenceId, label } = pending.shift()!;
      await post('/feedback', { inferenceId, label });
    }
    for (const day of group) {
      if (day.date.slice(0, 7) !== month) {
        if (!args.quiet) process.stdout.write(`replay: ${month} sent (${daysInMonth} days)${month.startsWith('2012') ? ', reference period' : ''}\n`);
        month = day.date.slice(0, 7);
        daysInMonth = 0;
      }
      daysInMonth++;
    }
  }
  for (const { inferenceId, label } of pending) await post('/feedback', { inferenceId, label });
  if (!args.quiet) process.stdout.write(`replay: ${month} sent (${daysInMonth} days); done, ${days.length} days\n`);
}

replay().catch((error: unknown) => {
  process.stderr.write(`replay: ${(error as Error).message}\n`);
  process.exit(1);
});
