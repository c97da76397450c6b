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

const faults: Fault[] = [
  { at: 0.08, kill: ['command-service'] },
  { at: 0.2, kill: ['query-service'] },
  { at: 0.32, kill: ['reporting-worker'] },
  { at: 0.44, kill: ['gateway'] },
  { at: 0.56, kill: ['command-service', 'query-service', 'reporting-worker', 'gateway'] },
  { at: 0.7, restart: 'kafka' },
  { at: 0.84, restart: 'document-store' },
];

export async function run(): Promise<string> {
  const infra = await useInfra();
  const launcher = await useStack();
  try {
    const result = await runFaultRun(launcher, infra, { clients, commandsPerClient, seed: 16, faults });
    const { verdict } = result;
    return [
      `${clients} clients × ${commandsPerClient} commands (+3 registrations each) through the gateway: ${result.commands} commands in ${result.seconds.toFixed(0)} s `
        + `(${(result.commands / result.seconds).toFixed(1)} commands/s with the faults). Each fault struck when its share of the commands had been answered.`,
      '',
      '| fault | to ready (s) | to a new write readable at once (s) |',
      '|---|---|---|',
      ...result.recoveries.map((recovery) => `| ${recovery.fault} | ${recovery.readySeconds.toFixed(1)} | ${recovery.caughtUpSeconds.toFixed(1)} |`),
      '',
      `Outcomes: ${verdict.accepted} accepted, ${verdict.refused} refused, ${verdict.unanswered} unanswered within the clients' 180 s retry window (same Idempotency-Key on every attempt).`,
      `Read models and reports equal the clients' models ${verdict.convergedSeconds.toFixed(1)} s after the last command.`,
      verdict.findings.length === 0
        ? 'Every accepted move is in its item\'s history and on `inventory.items.v1` exactly once; nothing refused or lost.'
        : `Findings (${verdict.findings.length}):\n${verdict.findings.slice(0, 20).map((finding) => `- ${finding}`).join('\n')}`,
      '',
      `Faults: ${faults.map(describeFault).join('; ')}.`,
    ].join('\n');
  } finally {
    await stopStack();
  }
}
