/** Injection tokens shared across the app's modules. */
export const USER_SERVICE_CONFIG = Symbol('USER_SERVICE_CONFIG');
/** `() => Date`; tests substitute a movable clock (no sleeping in tests). */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => Date;
