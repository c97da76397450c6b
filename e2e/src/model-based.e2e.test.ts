import fc from 'fast-check';
import { useStack } from '@inventory/testkit';
import { localAdminCredentials } from '@inventory/tools';
import { checkAudit, checkInventory } from './model/checks.js';
import { accessCommands, inventoryCommands, startingCommands, type Command } from './model/commands.js';
import { InventoryModel } from './model/inventory-model.js';
import { RealStack } from './model/real-stack.js';
import { waitForReadSide } from './warehouse.js';

/**
 * Model-based: random command sequences through the gateway against the whole real stack, every
 * answer and every read after each step compared with a reference model written from the SPEC.
 * The README test command runs a short seeded run; INVENTORY_E2E_MODEL_RUNS=100 is the full one
 * (README: the model-based end-to-end suite). fast-check prints the seed and the shrunk command sequence of a failure.
 */
const runs = Number(process.env.INVENTORY_E2E_MODEL_RUNS ?? 3);
const seed = Number(process.env.INVENTORY_E2E_MODEL_SEED ?? 1616);
const maxCommands = Number(process.env.INVENTORY_E2E_MODEL_COMMANDS ?? 12);

describe('model-based end to end: the SPEC properties through the gateway against a reference model', function () {
  let gatewayUrl: string;

  before(async function () {
    this.timeout(600_000);
    const stack = await useStack();
    gatewayUrl = stack.urls.gateway!;
    // Warm-up: a fresh stack's projections first join their consumer groups (and catch up on earlier suites' events).
    const { username, password } = localAdminCredentials();
    const real = await RealStack.open(gatewayUrl, username, password);
    const model = new InventoryModel();
    await real.buildWorld(model);
    const token = real.token()['Consistency-Token']!;
    try {
      await waitForReadSide(real.admin, `/locations/${model.locations.at(-1)!.id}`, token);
      await waitForReadSide(real.admin, '/reports/counts', token);
    } catch (error) {
      process.stderr.write(`stack output (last 8000 characters):\n${stack.output().slice(-8000)}\n`);
      throw error;
    }
  });

  async function modelRuns(commands: fc.Arbitrary<Command>[], context: Mocha.Context): Promise<void> {
    context.timeout(runs * maxCommands * 30_000 + 120_000);
    const { username, password } = localAdminCredentials();
    await fc.assert(fc.asyncProperty(fc.array(fc.oneof(...commands), { minLength: maxCommands, maxLength: maxCommands }), async (sequence) => {
      const since = new Date().toISOString();
      const model = new InventoryModel();
      const real = await RealStack.open(gatewayUrl, username, password);
      await real.buildWorld(model);
      await checkInventory(model, real);
      await fc.asyncModelRun(() => ({ model, real }), [...startingCommands(), ...sequence]);
      await checkAudit(real, since);
    }), { numRuns: runs, seed, endOnFailure: true });
  }

  it('property 1 (where-is and what-is-at agree with the model), property 2 (read-your-writes), property 3 (cascade), property 4 (move history exactly once), '
    + 'property 5 (invalid moves refused, nothing changed), property 6 (report counts), property 7 (date-range report), property 8 (referential integrity), '
    + 'property 9 (capacity, type and deletion rules), property 10 (one parent per child), property 11 (assignment history in order), '
    + 'property 15 (one error envelope), property 16 (one audit record per command)', async function () {
    await modelRuns(inventoryCommands, this);
  });

  it('property 12 (authentication and the role matrix), property 13 (unique users, roles on the next token), property 14 (malformed input refused with 400, nothing changed), '
    + 'property 15 (one error envelope), property 16 (one audit record per command, allowed or denied)', async function () {
    await modelRuns(accessCommands, this);
  });
});
