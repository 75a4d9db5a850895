// The result type every pure resolver returns: a value, or the rule the input broke.
export type Resolved<T> = { ok: true; value: T } | { ok: false; message: string };

export const ok = <T>(value: T): Resolved<T> => ({ ok: true, value });
export const fail = (message: string): Resolved<never> => ({ ok: false, message });
