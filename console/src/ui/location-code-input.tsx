import { TextInput, type TextInputProps } from '@mantine/core';
import { useState } from 'react';
import { problemOf } from '../api/problem';
import type { components } from '../api/schema';
import { locationByCode } from '../lib/lookups';

type Location = components['schemas']['Location'];

/** A location typed (or scanned) by its code, resolved when the field is left or Enter is pressed. */
export function LocationCodeInput({ onResolved, ...props }: TextInputProps & { onResolved: (location: Location | undefined) => void }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [found, setFound] = useState<Location>();
  async function resolve() {
    if (!code.trim()) { setError(undefined); setFound(undefined); onResolved(undefined); return; }
    try {
      const location = await locationByCode(code);
      setError(location ? undefined : `No location has the code ${code.trim()}`);
      setFound(location);
      onResolved(location);
    } catch (failure) {
      setError(problemOf(failure).message);
    }
  }
  return (
    <TextInput
      {...props}
      value={code}
      onChange={(event) => setCode(event.currentTarget.value)}
      onBlur={() => void resolve()}
      onKeyDown={(event) => { if (event.key === 'Enter') { event.preventDefault(); void resolve(); } }}
      error={error}
      description={found ? `${found.code} · ${found.name}` : props.description}
    />
  );
}
