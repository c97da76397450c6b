import { createContext, useContext, useSyncExternalStore } from 'react';
import { session, type User } from './session';

export const useSignedIn = (): boolean => useSyncExternalStore((listener) => session.subscribe(listener), () => session.signedIn());

/** The signed-in user (GET /users/me), given to every screen by the shell. */
export const UserContext = createContext<User | undefined>(undefined);
export const useUser = (): User | undefined => useContext(UserContext);
