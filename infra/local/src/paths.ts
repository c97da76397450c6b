import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Repository root, found from this file's place in infra/local/src. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where installed components live (git-ignored, reused across runs and clones via INVENTORY_CACHE_DIR). */
export const cacheDir = (): string => process.env.INVENTORY_CACHE_DIR ?? path.join(repoRoot, '.cache', 'local-infra');

/** Where the local stack keeps its state between restarts; `npm run wipe` deletes it. */
export const dataDir = (): string => process.env.INVENTORY_DATA_DIR ?? path.join(repoRoot, '.data');

export const infraSourceDir = path.join(repoRoot, 'infra', 'local');
