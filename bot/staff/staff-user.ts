// privacy: may erase merchants' personal data (/agent/erase).
export type StaffRole = 'agent' | 'editor' | 'privacy';
export const STAFF_ROLES: readonly StaffRole[] = ['agent', 'editor', 'privacy'];

/** A person who signs in to the agent console or the editor. */
export type StaffUser = { name: string; displayName: string; roles: StaffRole[]; passwordHash: string };

/** What a signed-in request carries on `res.locals.staff`. */
export type Staff = Omit<StaffUser, 'passwordHash'>;
