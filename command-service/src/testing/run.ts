import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Decision } from '../domain/decision.js';
import { emptyWorld, type World } from '../domain/state.js';
import { commandArbitraries, commandSequence } from './arbitraries.js';
import { expectedError } from './reference.js';
import { decide, evolve, type Command } from './world.js';

export interface Step {
  before: World;
  command: Command;
  decision: Decision;
  after: World;
}

/** Decides and (when accepted) evolves each command in turn, like the store does, one aggregate at a time. */
export function* runCommands(commands: readonly Command[], world: World = emptyWorld()): Generator<Step> {
  let current = world;
  for (const command of commands) {
    const decision = decide(command, current);
    const after = decision.ok ? decision.events.reduce(evolve, current) : current;
    yield { before: current, command, decision, after };
    current = after;
  }
}

export function finalWorld(commands: readonly Command[]): World {
  let last = emptyWorld();
  for (const step of runCommands(commands)) last = step.after;
  return last;
}

/** Maps and sets flattened, so a deep comparison tells whether anything changed. */
export const snapshot = (world: World) => JSON.stringify(Object.entries(world).map(([name, value]) => [name, [...(value as Iterable<unknown>)]]));

/**
 * The property each slice's decider is held to: along random command sequences, followed by more
 * commands of the slice, every one of them is refused exactly when the reference model says so,
 * with its code (accepted ones go on to evolve the world, as in the service).
 */
export function assertDecidesLikeReference(types: readonly Command['type'][], numRuns = 150): void {
  const probes = fc.array(fc.oneof(...types.map((type) => commandArbitraries[type] as fc.Arbitrary<Command>)), { minLength: 1, maxLength: 20 });
  fc.assert(fc.property(commandSequence, probes, (setup, extra) => {
    for (const { before, command, decision } of runCommands([...setup, ...extra])) {
      if (!types.includes(command.type)) continue;
      assert.equal(decision.ok ? 'accepted' : decision.code, expectedError(before, command) ?? 'accepted', JSON.stringify(command));
    }
  }), { numRuns });
}
