/**
 * For suites of ≥ 100-run properties over the real store (and, for users, argon2id hashing, slow
 * by design): minutes on shared cores. The limit is there to stop a hang, not to time the run.
 */
export const PROPERTY_SUITE_TIMEOUT_MS = 600_000;
