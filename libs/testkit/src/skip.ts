/** Skips the current suite or test with a reason printed in the report, instead of passing silently. */
export function skipBecause(context: Mocha.Context, reason: string): never {
  const title = context.test?.title ?? context.currentTest?.title ?? 'test';
  process.stderr.write(`[skipped] ${title}: ${reason}\n`);
  context.skip();
}
