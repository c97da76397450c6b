/** Readiness: the Confluent-compatible registry API lists subjects. */
export const registryReadiness = (registryUrl: string) => async (): Promise<void> => {
  const response = await fetch(`${registryUrl.replace(/\/$/, '')}/subjects`, { signal: AbortSignal.timeout(2000) });
  if (!response.ok) throw new Error(`registry answered ${response.status}`);
};
