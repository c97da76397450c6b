import assert from 'node:assert/strict';
import { findJava, MissingPrerequisiteError, requireCommand } from './prerequisites.js';

describe('prerequisites', () => {
  it('fails at once with one line naming what to install', () => {
    assert.throws(() => requireCommand('inventory-no-such-tool', 'the Inventory test tool'), (error: unknown) =>
      error instanceof MissingPrerequisiteError && error.message === "'inventory-no-such-tool' not found on PATH: install the Inventory test tool");
  });

  it('accepts a command that exists', () => {
    assert.doesNotThrow(() => requireCommand('node', 'Node.js'));
  });

  it('refuses a Java version no JDK on the machine has', () => {
    assert.throws(() => findJava(999), /no Java 999\+ found .*: install a JDK 999 or newer/);
  });
});
