/**
 * What schemathesis covered, for the log, in words of our own: its summary lines read like pytest's closing
 * lines ("=== 3 warnings in 16.91s ===" has no passed test in it), and CI takes such a line for a test runner
 * that ran nothing.
 */
export function coverageOf(output: string): string {
  const count = (pattern: RegExp): string => pattern.exec(output)?.[1] ?? '?';
  return `schemathesis covered ${count(/Tested: (\d+)/)} operations with ${count(/(\d+) generated/)} generated cases `
    + `(${count(/\d+ generated,[^\n]*?(\d+) skipped/)} skipped, ${count(/ (\d+) warnings? in [0-9.]+s =/)} warnings, ${count(/ in ([0-9.]+)s =/)} s)`;
}
