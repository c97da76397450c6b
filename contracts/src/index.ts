export * from './events/types.js';
export * from './events/catalog.js';
export * from './events/avro-schemas.js';
export * from './events/codec.js';
export * from './kafka/topics.js';
export * from './registry/compatibility.js';
