import { Anchor } from '@mantine/core';
import { Link } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { useLoad } from './use-load';

const names = new Map<string, Promise<string>>();

/** A location's code and name, fetched once per id per page load. */
const nameOf = (id: string): Promise<string> => {
  let name = names.get(id);
  if (!name) {
    name = unwrap(api.GET('/locations/{id}', { params: { path: { id } } })).then((location) => `${location.code} · ${location.name}`, () => id.slice(0, 8));
    names.set(id, name);
  }
  return name;
};

export function LocationLink({ id }: { id: string | null }) {
  const name = useLoad(() => (id ? nameOf(id) : Promise.resolve('—')), [id]);
  if (!id) return <>—</>;
  return <Anchor component={Link} to={`/locations/${id}`}>{name.data ?? id.slice(0, 8)}</Anchor>;
}
