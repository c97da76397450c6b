/** `npm run bench -- console`: the first load's size, then the console's requests at BENCH_CONSOLE_ITEMS (1 M) items. */
import { run as firstLoad } from './first-load.js';
import { run as requestsAtScale } from './responsive.js';

export const title = 'Web console: first load, and its requests at scale';

export async function run(): Promise<string> {
  const size = await firstLoad();
  return `${size}\n\n${await requestsAtScale()}`;
}
