/**
 * A server's graceful stop, bounded: `close` stops taking new work and calls back once
 * what is in flight has finished; if that takes longer than `timeoutMs`, `force` cuts
 * what is left. Resolves once `close` has called back.
 */
export function stopGracefully(close: (done: () => void) => void, force: () => void, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const forcing = setTimeout(force, timeoutMs);
    forcing.unref();
    close(() => {
      clearTimeout(forcing);
      resolve();
    });
  });
}
