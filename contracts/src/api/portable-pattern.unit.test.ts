import assert from 'node:assert/strict';
import fc from 'fast-check';
import { z } from 'zod';
import { buildOpenApiDocument } from '../docs/openapi.js';
import { VISIBLE_TEXT_PATTERN, nameSchema } from './common.js';
import { ATTRIBUTE_KEY_PATTERN } from './items.js';
import { locationCodeSchema } from './locations.js';
import { CONTROL, LETTER, NUMBER, TRIMMED_SPACE, bmpClass, codePointGroup, type CodePointSet } from './portable-pattern.js';
import { PASSWORD_PATTERN, emailSchema } from './users.js';

function patternsOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(patternsOf);
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => (key === 'pattern' && typeof value === 'string' ? [value] : patternsOf(value)));
}

const contains = (set: CodePointSet, code: number): boolean =>
  set.some((entry) => (typeof entry === 'number' ? entry === code : entry[0] <= code && code <= entry[1]));

/** Strings rich in what the patterns tell apart: controls, trimmed spaces, letters, digits, astral and lone surrogates. */
const tricky = fc.string({
  unit: fc.oneof(
    fc.constantFrom('a', 'Z', '7', '٣', '𝔘', '𝟙', '$', '.', '-', '/', ' ', '\t', '\n', '\u0085', '\u00a0', '\u2028', '\u3000', '\ufeff', '\u0000', '\u007f', '\u009f', '\ud83d', '\ude00'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 12,
});

function agree(portable: string, old: (value: string) => boolean, flagModes: readonly string[] = ['']): void {
  for (const flags of flagModes) {
    const regex = new RegExp(portable, flags);
    fc.assert(fc.property(tricky, (value) => regex.test(value) === old(value)), { numRuns: 2000 });
  }
}

/** Whether a code point of the Basic Multilingual Plane in the value has the property. */
const hasBmp = (value: string, property: RegExp): boolean => [...value].some((char) => char.length === 1 && property.test(char));

describe('portable patterns', () => {
  it('the OpenAPI document has no \\p{…} and every pattern compiles as a non-unicode RegExp', () => {
    const patterns = patternsOf(buildOpenApiDocument());
    assert.ok(patterns.length > 0);
    for (const pattern of new Set(patterns)) {
      assert.ok(!pattern.includes('\\p{') && !pattern.includes('\\P{'), pattern.slice(0, 80));
      assert.doesNotThrow(() => new RegExp(pattern), pattern.slice(0, 80));
      // Engines that read strings as code points (Rust's regex, so schemathesis) cannot name a surrogate.
      assert.doesNotMatch(pattern, /\\ud[89a-f]/i, `no surrogate code unit: ${pattern.slice(0, 80)}`);
    }
  });

  it('the code-point tables are exactly the engine\'s \\p{Cc}, \\p{L} and \\p{N}, and trim removes exactly TRIMMED_SPACE', () => {
    const tables: [string, CodePointSet][] = [['Cc', CONTROL], ['L', LETTER], ['N', NUMBER]];
    for (const [property, set] of tables) {
      const engine = new RegExp(`^\\p{${property}}$`, 'u');
      const group = new RegExp(`^${codePointGroup(set)}$`);
      for (let code = 0; code <= 0x10ffff; code += 1) {
        const char = String.fromCodePoint(code);
        const expected = engine.test(char);
        if (contains(set, code) !== expected || group.test(char) !== expected) assert.fail(`\\p{${property}} and the table disagree at U+${code.toString(16)}`);
      }
    }
    for (let code = 0; code <= 0xffff; code += 1) assert.equal(String.fromCharCode(code).trim() === '', contains(TRIMMED_SPACE, code), `U+${code.toString(16)}`);
  });

  it('bmpClass refuses code points it cannot write as one class', () => {
    assert.throws(() => bmpClass([[0xff00, 0x10000]]));
  });

  it('each portable pattern accepts exactly what its unicode original accepted', () => {
    agree(VISIBLE_TEXT_PATTERN, (value) => value.trim().length > 0 && /^[^\p{Cc}]*$/u.test(value.trim()), ['', 'u']);
    agree(PASSWORD_PATTERN, (value) => hasBmp(value, /\p{L}/u) && hasBmp(value, /\p{N}/u), ['', 'u']);
    agree(ATTRIBUTE_KEY_PATTERN, (value) => /^[^$.\p{Cc}][^.\p{Cc}]*$/u.test(value));
  });

  it('a trimmed text\'s pattern holds for the value as sent exactly when the server accepts it', () => {
    for (const schema of [nameSchema, locationCodeSchema]) {
      const documented = new RegExp(z.toJSONSchema(schema, { io: 'input' }).pattern ?? '');
      // Well-formedness is the one rule a pattern cannot state portably (see VISIBLE_TEXT_PATTERN).
      fc.assert(fc.property(tricky, (value) => (documented.test(value) && value.isWellFormed()) === schema.safeParse(value).success), { numRuns: 2000 });
    }
  });

  it('an email is accepted exactly when it matches the documented pattern (a fuzzer draws from that pattern)', () => {
    const documented = z.toJSONSchema(emailSchema, { io: 'input' });
    const pattern = new RegExp(documented.pattern ?? '');
    const candidate = fc.oneof(fc.emailAddress(), fc.tuple(tricky, fc.constantFrom('@', '@x', '^@n.net', 'a@b.c'), tricky).map((parts) => parts.join('')));
    fc.assert(fc.property(candidate, (value) => (pattern.test(value) && value.length <= (documented.maxLength ?? 0)) === emailSchema.safeParse(value).success), { numRuns: 2000 });
  });
});
