/**
 * Calls `onOrphaned` when this process's parent goes away. `npm start` does not forward SIGTERM
 * to its child, so without this a `kill <npm pid>` would leave the whole stack running.
 */
export function whenParentExits(onOrphaned: () => void, intervalMs = 500): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onOrphaned();
    }
  }, intervalMs);
  timer.unref();
}
