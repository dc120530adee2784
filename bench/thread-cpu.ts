import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** CPU time (ms) of each of this process's threads so far, by thread id; empty where /proc is not there (not Linux). */
export function threadCpuMs(): Map<number, number> {
  const cpu = new Map<number, number>();
  if (!existsSync('/proc/self/task')) return cpu;
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the command name in parentheses: utime and stime are the 12th and 13th, in clock ticks (100 a second on Linux).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return cpu;
}

/** Where a process's CPU went between two readings, µs a span: its event loop, its busiest other thread, and all its other threads together. */
export function cpuPerSpan(before: Map<number, number>, after: Map<number, number>, spans: number) {
  let eventLoop = 0;
  const others: number[] = [];
  for (const [tid, ms] of after) {
    const used = ms - (before.get(tid) ?? 0);
    if (tid === process.pid) eventLoop = used;
    else others.push(used);
  }
  const perSpan = (ms: number) => Number(((ms * 1000) / spans).toFixed(2));
  return {
    eventLoop: perSpan(eventLoop),
    busiestOtherThread: perSpan(Math.max(0, ...others)),
    allOtherThreads: perSpan(others.reduce((sum, ms) => sum + ms, 0)),
  };
}
