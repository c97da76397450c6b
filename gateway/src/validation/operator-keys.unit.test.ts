import assert from 'node:assert/strict';
import { DEFAULT_MAX_DEPTH, inputErrors, malformedQueryErrors } from './operator-keys.js';

const nested = (depth: number, wrap: (inner: unknown) => unknown): unknown => {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level += 1) value = wrap(value);
  return value;
};
const options = { maxDepth: DEFAULT_MAX_DEPTH, operatorKeys: true };

describe('inputErrors: the walk before any schema', () => {
  for (const [shape, wrap] of [['arrays', (inner: unknown) => [inner]], ['objects', (inner: unknown) => ({ a: inner })]] as const) {
    it(`refuses 2,000 nested ${shape} with one error instead of exhausting the stack`, () => {
      const errors = inputErrors(JSON.parse(JSON.stringify(nested(2_000, wrap))), 'body', options);
      assert.equal(errors.length, 1);
      assert.match(errors[0]!.detail, /nested deeper than 32 levels/);
    });

    it(`accepts ${shape} nested exactly to the limit and refuses one level more`, () => {
      assert.deepEqual(inputErrors(nested(DEFAULT_MAX_DEPTH, wrap), 'body', options), []);
      assert.equal(inputErrors(nested(DEFAULT_MAX_DEPTH + 1, wrap), 'body', options).length, 1);
    });
  }

  it('finds operator keys anywhere, but only where asked to', () => {
    const body = { a: [{ $gt: 1 }], 'b.c': 1, d: JSON.parse('{"__proto__": 1}') as unknown };
    assert.deepEqual(inputErrors(body, 'body', options).map((error) => error.pointer).sort(), ['/a/0/$gt', '/b.c', '/d/__proto__']);
    assert.deepEqual(inputErrors({ 'x.forwarded': 'v' }, 'header', { ...options, operatorKeys: false }), []);
  });

  it('refuses lone surrogates in values and keys, after JSON parsing', () => {
    const body = JSON.parse('{"name": "half \\ud83d here", "tags": ["ok", "\\udc00"], "attributes": {"\\ud800": "v"}}') as unknown;
    assert.deepEqual(inputErrors(body, 'body', options).map((error) => error.pointer).sort(), ['/attributes/\ud800', '/name', '/tags/1']);
    assert.equal(inputErrors({ id: 'a\ud83d' }, 'path', { ...options, operatorKeys: false }).length, 1);
  });

  it('accepts astral characters, combining marks and right-to-left text', () => {
    assert.deepEqual(inputErrors({ name: '📦 e\u0301\u0308 שלום مرحبا' }, 'body', options), []);
  });
});

describe('malformedQueryErrors', () => {
  it('refuses percent-encoding that is not UTF-8 (a lone surrogate), and nothing else', () => {
    assert.equal(malformedQueryErrors('/api/v1/items?name=half%20%ED%A0%BD').length, 1);
    assert.deepEqual(malformedQueryErrors('/api/v1/items?name=%F0%9F%93%A6+e%CC%81&limit=5'), []);
    assert.deepEqual(malformedQueryErrors('/api/v1/items'), []);
  });
});
