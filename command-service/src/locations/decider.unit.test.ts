import assert from 'node:assert/strict';
import fc from 'fast-check';
import { commandSequence, createLocationCommand } from '../testing/arbitraries.js';
import { expectedCreateLocationError } from '../testing/reference.js';
import { finalWorld, runCommands, snapshot } from '../testing/run.js';
import { assertDecidesLikeReference } from '../testing/run.js';
import { decideCreateLocation, decideUpdateLocation } from './decider.js';

const RUNS = { numRuns: 300 };

describe('locations: decide', () => {
  it('every command is refused exactly when the reference model says so, with its code (along random sequences)', () => {
    assertDecidesLikeReference(['CreateLocation', 'UpdateLocation', 'DeleteLocation']);
  });

  const world = finalWorld([
    { type: 'DefineLocationType', locationTypeId: 'room', name: 'room', allowedItemTypeIds: null, capacity: null },
    { type: 'CreateLocation', locationId: 'closed', code: 'R-1', name: 'closed room', locationTypeId: 'room', parentLocationId: null },
    { type: 'CreateLocation', locationId: 'open', code: 'R-2', name: 'open room', locationTypeId: 'room', parentLocationId: null },
    { type: 'UpdateLocation', locationId: 'closed', active: false },
  ]);

  it('nothing new goes inside an inactive location: creating or re-parenting under it is refused with LOCATION_INACTIVE, as a move into it is', () => {
    const created = decideCreateLocation({ locationId: 'new', code: 'B-1', name: 'bin', locationTypeId: 'room', parentLocationId: 'closed' }, world);
    assert.equal(created.ok ? 'accepted' : created.code, 'LOCATION_INACTIVE');
    const moved = decideUpdateLocation({ locationId: 'open', parentLocationId: 'closed' }, world);
    assert.equal(moved.ok ? 'accepted' : moved.code, 'LOCATION_INACTIVE');
  });

  it('property 9: every location creation is refused exactly when the reference says so, with its code', () => {
    fc.assert(fc.property(commandSequence, fc.array(createLocationCommand, { minLength: 1, maxLength: 10 }), (setup, creates) => {
      const before = finalWorld(setup);
      const seen = snapshot(before);
      for (const { type: _type, ...create } of creates) {
        const decision = decideCreateLocation(create, before);
        assert.equal(decision.ok ? undefined : decision.code, expectedCreateLocationError(before, create));
      }
      assert.equal(snapshot(before), seen);
    }), RUNS);
  });

  it('property 9: no location ever sits under an inactive parent unless it was there before the parent closed', () => {
    fc.assert(fc.property(commandSequence, (commands) => {
      for (const { before, command, decision } of runCommands(commands)) {
        if (!decision.ok || (command.type !== 'CreateLocation' && command.type !== 'UpdateLocation')) continue;
        const parentId = command.parentLocationId;
        const reparented = command.type === 'CreateLocation' || (parentId !== undefined && parentId !== before.locations.get(command.locationId)!.parentLocationId);
        if (reparented && parentId) assert.ok(before.locations.get(parentId)!.active, `${command.locationId} placed under inactive ${parentId}`);
      }
    }), RUNS);
  });
});
