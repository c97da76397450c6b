/**
 * Movement buckets at three UTC granularities. A range [from, to) is covered by whole days, then
 * whole hours and whole ten-minute spans, and the sub-ten-minute edges are read from the
 * per-minute move log, so a report is exact to the millisecond while reading at most
 * 366 + 2 × (23 + 5) buckets and twenty minutes' worth of moves, each by `_id`. Every level is one
 * more document per move and item type at write time (two writes a move), so there are as few as
 * the edges allow: an hour is the coarsest level below a day (a quarter-day level saved a
 * short range ~20 bucket reads, ~0.3 ms each, at two writes per move). The finer levels keep the
 * edges cheap: every bucket at 500 busy locations packs to ~8 KB, and at 10 M moves a month an hour
 * of logged moves is ~14,000. Keys are computed here, in JS: the document store has no date
 * operators, and the local one indexes nothing but `_id`.
 */
export type Granularity = 'd' | 'h' | 't' | 'm';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const TEN_MINUTES_MS = 10 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const SPAN: Record<Granularity, number> = { d: DAY_MS, h: HOUR_MS, t: TEN_MINUTES_MS, m: MINUTE_MS };
/** Characters of the ISO string that name a bucket: 2024-05-01 / 2024-05-01T13 / 2024-05-01T13:1 (13:10) / 2024-05-01T13:07. */
const KEY_LENGTH: Record<Granularity, number> = { d: 10, h: 13, t: 15, m: 16 };

export const bucketId = (granularity: Granularity, at: number): string =>
  `${granularity}:${new Date(at - (at % SPAN[granularity])).toISOString().slice(0, KEY_LENGTH[granularity])}`;

/** The bucket of one item type within an all-types bucket (item type ids are uuids: no '|'). */
export const typedBucketId = (id: string, itemTypeId: string): string => `${id}|${itemTypeId}`;

/** The UTC day (YYYY-MM-DD) of an instant. */
export const dayOf = (at: number): string => new Date(at).toISOString().slice(0, 10);

/** The granularities moves are counted at, coarsest first. */
const COUNTED = ['d', 'h', 't'] as const;

/** Every bucket a move at `at` is counted in. */
export const bucketIdsAt = (at: number): string[] => COUNTED.map((granularity) => bucketId(granularity, at));

export interface BucketPiece {
  id: string;
  /** The UTC day the piece lies in, for per-day grouping. */
  day: string;
}

export interface RangeCover {
  buckets: BucketPiece[];
  /** Sub-ten-minute remainders, [from, to) in epoch ms, read from the move log. */
  logRanges: [number, number][];
}

/** Splits [from, to) into the largest aligned buckets that fit, plus sub-ten-minute edges. */
export function coverRange(from: number, to: number): RangeCover {
  const cover: RangeCover = { buckets: [], logRanges: [] };
  let at = from;
  while (at < to) {
    const granularity = COUNTED.find((g) => at % SPAN[g] === 0 && at + SPAN[g] <= to);
    if (granularity) {
      cover.buckets.push({ id: bucketId(granularity, at), day: dayOf(at) });
      at += SPAN[granularity];
    } else {
      const end = Math.min(to, at - (at % TEN_MINUTES_MS) + TEN_MINUTES_MS);
      cover.logRanges.push([at, end]);
      at = end;
    }
  }
  return cover;
}
