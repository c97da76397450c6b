/** `<input type="datetime-local">` value (local time) → ISO instant, or undefined when empty. */
export function isoFromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export const formatWhen = (iso: string): string => new Date(iso).toLocaleString();
