// Reading request input members for authorization declarations: a non-empty string, or the non-empty strings of a
// list, ignoring members of any other type (input has been validated against the model, but may omit them).

export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : []);
