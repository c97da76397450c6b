import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AssignmentResult, ItemResult, MoveResult } from '@inventory/contracts';
import { useStack } from '@inventory/testkit';
import { localAdminCredentials } from '@inventory/tools';
import { checkInventory } from './model/checks.js';
import { InventoryModel, type ModelLocation } from './model/inventory-model.js';
import { RealStack, type Answer } from './model/real-stack.js';
import { waitForReadSide } from './warehouse.js';

/**
 * Races through the gateway, many requests at once: conflicting assignments of the same child,
 * moves into a nearly full bin, the deletion of a location while items move into it, and two
 * locations put inside each other. Whatever wins, the SPEC's invariants hold (property 8: no item in
 * a missing location or with a missing parent, property 9: capacity and deletion rules, property 10:
 * one parent per child), and the read side equals the model built from the accepted answers.
 */
const runs = Number(process.env.INVENTORY_E2E_RACE_RUNS ?? 3);
const seed = Number(process.env.INVENTORY_E2E_RACE_SEED ?? 1610);

describe('concurrency: conflicting commands at once keep every invariant (properties 8, 9, 10)', function () {
  let gatewayUrl: string;

  before(async function () {
    this.timeout(600_000);
    gatewayUrl = (await useStack()).urls.gateway!;
  });

  const accepted = (answers: Answer<unknown>[]) => answers.filter((answer) => answer.status < 400);

  async function register(real: RealStack, model: InventoryModel, kind: 'PARENT' | 'CHILD', location: ModelLocation): Promise<string> {
    const typeKey = kind === 'PARENT' ? 'pallet' : 'laptop';
    const answer = await real.command<ItemResult>('POST', '/items', { itemTypeId: real.itemTypeIds[typeKey], kind, name: `${typeKey} racer`, locationId: location.id });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    model.register(answer.body.item.id, kind, typeKey, location.id);
    return answer.body.item.id;
  }

  it('property 8, property 9, property 10: assignments, moves into a nearly full bin, a deletion and re-parentings racing each other', async function () {
    this.timeout(runs * 600_000);
    const { username, password } = localAdminCredentials();
    await fc.assert(fc.asyncProperty(fc.integer({ min: 3, max: 8 }), fc.integer({ min: 2, max: 6 }), async (racers, movers) => {
      const model = new InventoryModel();
      const real = await RealStack.open(gatewayUrl, username, password);
      await real.buildWorld(model);
      const [root, bin1, bin2, bin3] = model.locations as [ModelLocation, ModelLocation, ModelLocation, ModelLocation];
      await waitForReadSide(real.admin, `/locations/${bin3.id}`, real.token()['Consistency-Token']!);

      // One child, `racers` parents in the root: every parent wants the child at once.
      const child = await register(real, model, 'CHILD', root);
      const parents = await Promise.all(Array.from({ length: racers }, () => register(real, model, 'PARENT', root)));
      const assignments = await Promise.all(parents.map((parentId) => real.command<AssignmentResult>('POST', `/items/${child}/assignment`, { parentId })));
      const won = accepted(assignments);
      assert.equal(won.length, 1, `property 10: exactly one of ${racers} parents gets the child: ${assignments.map((answer) => answer.code ?? answer.status).join(', ')}`);
      for (const answer of assignments.filter((candidate) => candidate.status >= 400)) assert.ok(['CHILD_ALREADY_ASSIGNED', 'CONCURRENT_MODIFICATION'].includes(answer.code!), answer.code);
      model.assign(child, (won[0]!.body as AssignmentResult).assignment.parentId, real.adminId);
      await checkInventory(model, real);

      // Bin 1 holds 3 and has one free place: `movers` pallets move in at once, while bin 2 is deleted as others move into it.
      await register(real, model, 'PARENT', bin1);
      await register(real, model, 'PARENT', bin1);
      const loose = parents.filter((parentId) => model.childrenOf(parentId).length === 0).slice(0, movers);
      const intoBin2 = parents.filter((parentId) => !loose.includes(parentId)).slice(0, 2);
      const [fills, deletion, intoDeleted] = await Promise.all([
        Promise.all(loose.map((itemId) => real.command<MoveResult>('POST', '/moves', { itemId, toLocationId: bin1.id }))),
        real.command('DELETE', `/locations/${bin2.id}`),
        Promise.all(intoBin2.map((itemId) => real.command<MoveResult>('POST', '/moves', { itemId, toLocationId: bin2.id }))),
      ]);
      assert.ok(accepted(fills).length <= 1, `property 9: at most one pallet fits the last place: ${fills.map((answer) => answer.code ?? answer.status).join(', ')}`);
      for (const answer of fills.filter((candidate) => candidate.status >= 400)) assert.ok(['CAPACITY_EXCEEDED', 'CONCURRENT_MODIFICATION'].includes(answer.code!), answer.code);
      if (deletion.status < 400) {
        assert.equal(accepted(intoDeleted).length, 0, 'property 8: no item ever ends up in a deleted location');
        bin2.deleted = true;
      } else {
        assert.ok(['HAS_DEPENDANTS', 'CONCURRENT_MODIFICATION'].includes(deletion.code!), `the deletion lost to a move: ${deletion.code}`);
        if (deletion.code === 'HAS_DEPENDANTS') assert.ok(accepted(intoDeleted).length > 0, 'a deletion refused for dependants had a move in it');
      }
      for (const answer of [...accepted(fills), ...accepted(intoDeleted)]) {
        const { move } = answer.body as MoveResult;
        model.move(move.itemId, move.toLocationId, real.adminId, move.occurredAt);
      }
      await checkInventory(model, real);

      // Bin 3 (inside bin 1) and the rack put inside each other at once: at most one can win, never a cycle.
      const rack = model.locations[4]!;
      const [rackIntoBin3, bin3IntoRack] = await Promise.all([
        real.command('PATCH', `/locations/${rack.id}`, { parentLocationId: bin3.id }),
        real.command('PATCH', `/locations/${bin3.id}`, { parentLocationId: rack.id }),
      ]);
      assert.ok(accepted([rackIntoBin3, bin3IntoRack]).length <= 1, `no cycle: ${rackIntoBin3.code ?? rackIntoBin3.status} / ${bin3IntoRack.code ?? bin3IntoRack.status}`);
      for (const answer of [rackIntoBin3, bin3IntoRack].filter((candidate) => candidate.status >= 400)) assert.ok(['LOCATION_CYCLE', 'CONCURRENT_MODIFICATION'].includes(answer.code!), answer.code);
      if (rackIntoBin3.status < 400) rack.parentId = bin3.id;
      if (bin3IntoRack.status < 400) bin3.parentId = rack.id;
      await checkInventory(model, real);
    }), { numRuns: runs, seed, endOnFailure: true });
  });
});
