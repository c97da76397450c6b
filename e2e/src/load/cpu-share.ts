/**
 * Where the time goes during a load step: CPU seconds of each process this run started (the
 * stack's services, the broker, the registry, the document store) and of the driver itself, read
 * from /proc before and after the step. On a machine with few cores this names the bottleneck:
 * the part that keeps a core busy while the others wait on it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { descendantsOf } from '@inventory/local-infra';

export const PARTS = ['gateway', 'command service', 'query service', 'reporting worker', 'document store', 'Kafka', 'schema registry', 'load driver', 'other'] as const;
export type Part = (typeof PARTS)[number];

/** Which part a process is, by its command line. */
export function partOf(args: string): Part {
  if (args.includes('gateway/src/main') || args.includes('gateway/dist/main')) return 'gateway';
  if (args.includes('command-service/src/main') || args.includes('command-service/dist/main')) return 'command service';
  if (args.includes('query-service/src/main') || args.includes('query-service/dist/main')) return 'query service';
  if (args.includes('reporting-worker/src/main') || args.includes('reporting-worker/dist/main')) return 'reporting worker';
  if (/ferretdb/i.test(args)) return 'document store';
  if (/apicurio|quarkus|registry/i.test(args)) return 'schema registry';
  if (/kafka/i.test(args)) return 'Kafka';
  return 'other';
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat; 0 once it is gone. */
function cpuSecondsOf(pid: number, ticksPerSecond: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return 0;
  }
}

export type CpuReading = Map<Part, number>;

/** CPU seconds by part for every descendant of this process, and this process itself as the load driver. */
export function readCpu(): CpuReading {
  const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const mine = new Set(descendantsOf(process.pid));
  const reading: CpuReading = new Map(PARTS.map((part) => [part, 0]));
  for (const line of execFileSync('ps', ['-e', '-o', 'pid=,args='], { encoding: 'utf8' }).trim().split('\n')) {
    const match = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (!match || !mine.has(Number(match[1]))) continue;
    const part = partOf(match[2]!);
    reading.set(part, reading.get(part)! + cpuSecondsOf(Number(match[1]), ticks));
  }
  const { user, system } = process.cpuUsage();
  reading.set('load driver', (user + system) / 1e6);
  return reading;
}

/** Cores each part kept busy between two readings `seconds` apart, busiest first (parts under 0.01 core left out). */
export function coresBetween(before: CpuReading, after: CpuReading, seconds: number): [Part, number][] {
  return PARTS.map((part): [Part, number] => [part, Math.max(0, (after.get(part) ?? 0) - (before.get(part) ?? 0)) / seconds])
    .filter(([, cores]) => cores >= 0.01)
    .sort((a, b) => b[1] - a[1]);
}

/** CPU seconds the whole machine has been busy (every process, ours or not), from the first line of /proc/stat. */
export function machineBusySeconds(): number {
  const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / ticks;
}
