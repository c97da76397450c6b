import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { internalAuthHeaders } from '@inventory/platform';
import type { ItemDocument } from '../store/documents.js';
import { useTestService } from '../testing/service.js';

describe('command service /metrics: what can back up in the outbox (real store)', function () {
  this.timeout(120_000);
  const suite = useTestService();

  it('shows outbox depth, the oldest pending entry and the quarantined documents', async () => {
    const waitingSince = new Date(Date.now() - 600_000);
    // A document the relay set aside earlier: it keeps its events, and the relay skips it.
    await suite.model.items.insertOne({ _id: 'quarantined-item', revision: 1, version: 1, outbox: ['{not json'], deleted: false, createdAt: waitingSince, updatedAt: waitingSince, outboxQuarantine: { error: 'Unexpected token', at: new Date() } } as unknown as ItemDocument);
    const { port } = suite.service.running.server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: internalAuthHeaders(suite.service.env.INTERNAL_AUTH_TOKEN!) });
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.match(text, /^outbox_quarantined_documents\{family="items"[^}]*\} 1$/m);
    assert.match(text, /^outbox_pending_documents\{family="items"[^}]*\} 1$/m);
    const age = Number(/^outbox_oldest_pending_age_seconds\{family="items"[^}]*\} (\S+)$/m.exec(text)?.[1]);
    assert.ok(age >= 600, `oldest pending age ${age}`);
    assert.match(text, /^outbox_quarantined_total\{family="items"[^}]*\} 0$/m, 'counted by this relay only');
  });
});
