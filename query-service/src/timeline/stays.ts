/** Where one row of an item's timeline sits in time. */
export interface Stay {
  id: string;
  at: Date;
}

/** The item's row in effect at `at`: the latest at or before it (ties: the greater id, as a sort on occurredAt, _id would). */
export function stayAt(stays: readonly Stay[], at: Date): Stay | undefined {
  let found: Stay | undefined;
  for (const stay of stays) {
    if (stay.at <= at && (!found || stay.at > found.at || (stay.at.getTime() === found.at.getTime() && stay.id > found.id))) found = stay;
  }
  return found;
}
