/**
 * `npm run bench -- faults`: 10,000 mixed commands from concurrent clients through the gateway while
 * each service is killed with SIGKILL (alone, then all four together) and the broker and the document
 * store restart; afterwards every accepted command must be in history and on the stream exactly once
 * and the read models and reports equal the clients' models. Records recovery times.
 */
import { describeFault, runFaultRun, type Fault } from '@inventory/e2e';
import { stopStack, useInfra, useStack } from '@inventory/testkit';

export const title = 'Faults under load';

const clients = Number(process.env.BENCH_FAULT_CLIENTS ?? 20);
const commandsPerClient = Number(process.env.BENCH_FAULT_COMMANDS ?? 500);

const seed = Number(process.env.BENCH_FAULT_SEED ?? Math.floor(Math.random() * 1_000_000));
/** The infrastructure restarted during the run (default both; e.g. `kafka` alone while a store restart is under investigation). */
const restarts = (process.env.BENCH_FAULT_RESTARTS ?? 'kafka,document-store').split(',').filter((name): name is 'kafka' | 'document-store' => name === 'kafka' || name === 'document-store');

/** Each service alone, then all four together, then the broker and the store restart in a random order; each at a random moment of its own slot of the run (seeded). */
function schedule(): Fault[] {
  let state = seed;
  const random = (): number => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
  const ordered = random() < 0.5 ? restarts : [...restarts].reverse();
  const infra: Fault[] = ordered.map((restart) => ({ at: 0, restart }));
  const faults: Fault[] = [
    { at: 0, kill: ['command-service'] },
    { at: 0, kill: ['query-service'] },
    { at: 0, kill: ['reporting-worker'] },
    { at: 0, kill: ['gateway'] },
    { at: 0, kill: ['command-service', 'query-service', 'reporting-worker', 'gateway'] },
    ...infra,
  ];
  const slot = 0.9 / faults.length;
  return faults.map((fault, index) => ({ ...fault, at: 0.03 + slot * (index + random() * 0.8) }));
}

export async function run(): Promise<string> {
  const infra = await useInfra();
  const launcher = await useStack();
  const faults = schedule();
  try {
    const result = await runFaultRun(launcher, infra, { clients, commandsPerClient, seed, faults });
    const { verdict } = result;
    return [
      `${clients} clients × ${commandsPerClient} commands (+3 registrations each) through the gateway: ${result.commands} commands in ${result.seconds.toFixed(0)} s `
        + `(${(result.commands / result.seconds).toFixed(1)} commands/s with the faults). Each fault struck when its share of the commands had been answered.`,
      '',
      '| fault | struck at (share of commands answered) | to ready (s) | to projection lag normal: a new write readable at once (s) |',
      '|---|---|---|---|',
      ...result.recoveries.map((recovery, index) => `| ${recovery.fault} | ${faults[index]!.at.toFixed(2)} | ${recovery.readySeconds.toFixed(1)} | ${recovery.caughtUpSeconds.toFixed(1)} |`),
      '',
      `Outcomes: ${verdict.accepted} accepted, ${verdict.refused} refused, ${verdict.unanswered} unanswered within the clients' 180 s retry window (same Idempotency-Key on every attempt).`,
      `Read models and reports equal the clients' models ${verdict.convergedSeconds.toFixed(1)} s after the last command.`,
      verdict.findings.length === 0
        ? 'Every accepted registration, move, assignment and release is on `inventory.items.v1` and in its item\'s history (registrations: where-is) exactly once; nothing refused or lost; read models and reports equal the clients\' models; every consumer group that consumed before the faults has members again and no lag.'
        : `Findings (${verdict.findings.length}):\n${verdict.findings.slice(0, 20).map((finding) => `- ${finding}`).join('\n')}`,
      '',
      `Faults (seed ${seed}; \`BENCH_FAULT_SEED=${seed}\` repeats the moments and the clients' commands): ${faults.map(describeFault).join('; ')}.`,
    ].join('\n');
  } finally {
    await stopStack();
  }
}
