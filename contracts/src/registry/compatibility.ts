/** Compatibility levels of the Confluent schema registry API (Apicurio's ccompat layer speaks it too). */
export type CompatibilityLevel = 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FORWARD_TRANSITIVE' | 'FULL' | 'FULL_TRANSITIVE' | 'NONE';

/** Every event subject: any consumer can read every version ever written, not only the previous one. */
export const EVENT_COMPATIBILITY: CompatibilityLevel = 'BACKWARD_TRANSITIVE';

import { DEFAULT_REGISTRY_LIMITS, registryFetch, type RegistryCallLimits } from './client.js';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/**
 * Apicurio answers 409 `A rule named 'COMPATIBILITY' already exists` when two writers set a
 * subject's rule at the same moment: the rule is there, so setting it succeeded.
 */
export const isRuleAlreadyExists = (status: number, body: string): boolean => status === 409 && /rule .*already exists/i.test(body);

async function registryRequest(url: string, init: RequestInit = {}, limits = DEFAULT_REGISTRY_LIMITS): Promise<unknown> {
  const response = await registryFetch(url, { ...init, headers: { 'Content-Type': CONTENT_TYPE, Accept: CONTENT_TYPE } }, limits);
  if (!response.ok) throw new Error(`schema registry ${init.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

const configUrl = (registryUrl: string, subject: string): string => `${registryUrl.replace(/\/$/, '')}/config/${encodeURIComponent(subject)}`;

/** Sets the subject-level rule (the registry accepts it before the subject's first version exists). */
export async function setSubjectCompatibility(registryUrl: string, subject: string, level: CompatibilityLevel, limits: RegistryCallLimits = DEFAULT_REGISTRY_LIMITS): Promise<void> {
  const url = configUrl(registryUrl, subject);
  const response = await registryFetch(url, { method: 'PUT', body: JSON.stringify({ compatibility: level }), headers: { 'Content-Type': CONTENT_TYPE, Accept: CONTENT_TYPE } }, limits);
  if (response.ok) return;
  const body = await response.text();
  // A concurrent writer created the rule first; make sure it holds the level asked for.
  if (isRuleAlreadyExists(response.status, body)) {
    if ((await getSubjectCompatibility(registryUrl, subject, limits)) === level) return;
    await registryRequest(url, { method: 'PUT', body: JSON.stringify({ compatibility: level }) }, limits);
    return;
  }
  throw new Error(`schema registry PUT ${url}: ${response.status} ${body}`);
}

export async function getSubjectCompatibility(registryUrl: string, subject: string, limits: RegistryCallLimits = DEFAULT_REGISTRY_LIMITS): Promise<CompatibilityLevel> {
  const { compatibilityLevel } = (await registryRequest(configUrl(registryUrl, subject), {}, limits)) as { compatibilityLevel: CompatibilityLevel };
  return compatibilityLevel;
}
