import { ProblemError } from '@inventory/contracts';
import { hashPassword } from './passwords.js';

/**
 * Length and character rules live in the contracts' passwordSchema (checked at validation);
 * what needs the username too is checked here.
 */
export async function acceptablePasswordHash(password: string, username: string): Promise<string> {
  if (password.toLowerCase().includes(username.toLowerCase())) throw new ProblemError('WEAK_PASSWORD', 'the password must not contain the username');
  return hashPassword(password);
}
