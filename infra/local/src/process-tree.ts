import { execFileSync } from 'node:child_process';

/** Every live descendant of `rootPid` (children, grandchildren, …), read from `ps`. */
export function descendantsOf(rootPid: number): number[] {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim().split('\n').map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [pid, ppid] of table) {
      if (ppid === parent) { found.push(pid); queue.push(pid); }
    }
  }
  return found;
}

/** The live descendant of `rootPid` whose command line contains `fragment` (e.g. a service's entry file). */
export function descendantRunning(rootPid: number, fragment: string): number | undefined {
  const descendants = new Set(descendantsOf(rootPid));
  return execFileSync('ps', ['-e', '-o', 'pid=,args='], { encoding: 'utf8' }).trim().split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null && descendants.has(Number(match[1])) && match[2]!.includes(fragment))
    .map((match) => Number(match[1]))[0];
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
