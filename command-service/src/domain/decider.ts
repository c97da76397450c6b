import type { Decision, EventDraft } from './decision.js';
import type { World } from './state.js';

/**
 * One slice's rules, emmett's shape: `decide` accepts a command (as events) or refuses it against
 * the loaded world; `evolve` folds one event of the aggregate family into that aggregate's state
 * (null: not there, or gone). Both are pure and exhaustive over their unions. What an event does
 * to other documents (claims, counters, holds, a parent's children) is not the aggregate's state:
 * the store runs those as named protocols (store/protocols.ts), the reference world as their pure
 * effects (testing/world.ts).
 */
export interface Decider<C extends { type: string }, S, E extends EventDraft> {
  decide(command: C, world: World): Decision<E>;
  evolve(state: S | null, event: E): S | null;
  initialState(): S | null;
}

/** The event drafts of the named types. */
export type DraftOf<T extends EventDraft['type']> = Extract<EventDraft, { type: T }>;

/** Closes an exhaustive switch: a new command or event type that is not handled does not compile. */
export function unhandled(value: never): never {
  throw new Error(`unhandled ${JSON.stringify(value)}`);
}

/** Nothing exists before its first event. */
export const nothing = <S>(): S | null => null;

/** A command's fields without its tag: the rules copy command fields into event data. */
export const untagged = <C extends { type: string }>({ type: _type, ...fields }: C): Omit<C, 'type'> => fields;
