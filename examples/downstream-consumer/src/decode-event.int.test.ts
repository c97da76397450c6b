import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EVENT_TYPES, EventCodec } from '@inventory/contracts';
import { eventArbitrary } from '@inventory/contracts/testing';
import { useInfra } from '@inventory/testkit';
import { createEventDecoder } from './decode-event.js';

describe('example downstream consumer', () => {
  it('decodes every event type with only the schema registry, to the same event the producer sent', async () => {
    const registryUrl = (await useInfra()).env.SCHEMA_REGISTRY_URL;
    const producer = new EventCodec(registryUrl); // the test plays the producer; the decoder never imports contracts
    const decode = createEventDecoder(registryUrl);
    for (const type of EVENT_TYPES) {
      for (const event of fc.sample(eventArbitrary(type), 5)) {
        assert.deepEqual(await decode((await producer.encode(event)).value), event);
      }
    }
  });
});
