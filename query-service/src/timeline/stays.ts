/** Where one row of an item's timeline sits in time. */
export interface Stay {
  id: string;
  at: Date;
}

/** The item's latest stay strictly before `at` and its earliest strictly after. */
export function neighbours(stays: readonly Stay[], at: Date): { previous?: Stay; next?: Stay } {
  let previous: Stay | undefined;
  let next: Stay | undefined;
  for (const stay of stays) {
    if (stay.at < at && (!previous || stay.at > previous.at)) previous = stay;
    if (stay.at > at && (!next || stay.at < next.at)) next = stay;
  }
  return { previous, next };
}

/** The item's row in effect at `at`: the latest at or before it (ties: the greater id, as a sort on occurredAt, _id would). */
export function stayAt(stays: readonly Stay[], at: Date): Stay | undefined {
  let found: Stay | undefined;
  for (const stay of stays) {
    if (stay.at <= at && (!found || stay.at > found.at || (stay.at.getTime() === found.at.getTime() && stay.id > found.id))) found = stay;
  }
  return found;
}
