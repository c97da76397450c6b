import { decide, type Command } from '../commands.js';
import type { Decision } from '../decision.js';
import { evolve } from '../evolve.js';
import { emptyWorld, type World } from '../state.js';

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
