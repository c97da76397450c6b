import { z } from 'zod';
import { EMPTY_PATCH, NON_EMPTY_PATCH_DOC, idSchema, nonEmptyPatch, pageQuerySchema, queryFlagSchema, roleSchema, timestampSchema } from './common.js';
import { LETTER, NUMBER, bmpPartClass } from './portable-pattern.js';

export const usernameSchema = z.string().min(3).max(64).regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, dot, dash, underscore');
/** The address syntax browsers accept (WHATWG), stated in the document as the very pattern the server checks. */
export const emailSchema = z.email({ pattern: z.regexes.html5Email }).max(254);
/**
 * A letter (\p{L}) and a number (\p{N}) of the Basic Multilingual Plane somewhere, in either order. Only BMP
 * ones count (any character is allowed): a BMP class reads the same with and without the `u` flag and in
 * Python, which see astral characters as pairs of code units or as one code point; an astral class cannot.
 */
export const PASSWORD_PATTERN = `${bmpPartClass(LETTER)}[\\s\\S]*${bmpPartClass(NUMBER)}|${bmpPartClass(NUMBER)}[\\s\\S]*${bmpPartClass(LETTER)}`;
/** Password rules: 12–128 characters with a letter and a digit of the BMP (length matters more than classes). */
export const passwordSchema = z.string().min(12).max(128)
  .regex(new RegExp(PASSWORD_PATTERN), 'must contain a letter and a digit');

export const loginRequestSchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(128) }).strict().meta({ id: 'LoginRequest' });
export const tokensSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
  tokenType: z.literal('Bearer'),
}).strict().meta({ id: 'Tokens' });
export const refreshRequestSchema = z.object({ refreshToken: z.string().min(1).max(4096) }).strict().meta({ id: 'RefreshRequest' });
export const signUpRequestSchema = z.object({ username: usernameSchema, email: emailSchema, password: passwordSchema }).strict().meta({ id: 'SignUpRequest' });

export const userSchema = z.object({
  id: idSchema,
  username: usernameSchema,
  email: emailSchema,
  roles: z.array(roleSchema),
  disabled: z.boolean(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
}).strict().meta({ id: 'User' });

export const createUserRequestSchema = signUpRequestSchema.extend({ roles: z.array(roleSchema).min(1).max(5).default(['viewer']) }).strict().meta({ id: 'CreateUserRequest' });
export const updateUserRequestSchema = z.object({ email: emailSchema.optional(), password: passwordSchema.optional(), disabled: z.boolean().optional() })
  .strict().refine(nonEmptyPatch, EMPTY_PATCH).meta({ id: 'UpdateUserRequest', ...NON_EMPTY_PATCH_DOC });
export const setRolesRequestSchema = z.object({ roles: z.array(roleSchema).min(1).max(5) }).strict().meta({ id: 'SetRolesRequest' });
export const listUsersQuerySchema = pageQuerySchema.extend({ role: roleSchema.optional(), disabled: queryFlagSchema.optional() }).strict();

export type LoginRequest = z.infer<typeof loginRequestSchema>;
export type Tokens = z.infer<typeof tokensSchema>;
export type RefreshRequest = z.infer<typeof refreshRequestSchema>;
export type SignUpRequest = z.infer<typeof signUpRequestSchema>;
export type User = z.infer<typeof userSchema>;
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;
export type SetRolesRequest = z.infer<typeof setRolesRequestSchema>;
export type ListUsersQuery = z.infer<typeof listUsersQuerySchema>;
