/**
 * The key uniqueness is decided on: compatibility-normalized (full-width, ligatures) and
 * case-folded, upper-then-lower so that e.g. "ß" and "SS" collide like a human expects.
 */
export const identityKey = (value: string): string => value.normalize('NFKC').trim().toUpperCase().toLowerCase();
