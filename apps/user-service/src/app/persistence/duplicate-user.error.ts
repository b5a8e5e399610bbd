/** A register that hit a unique index: `field` is `Email` or `UserName` (API field names). */
export class DuplicateUserError extends Error {
  constructor(readonly field: 'Email' | 'UserName') {
    super(field === 'Email' ? 'Email is already registered' : 'UserName is already taken');
    this.name = 'DuplicateUserError';
  }
}

/** Maps the name of the violated unique index to the API field it guards. */
export function duplicateFieldFromIndex(text: string): 'Email' | 'UserName' | null {
  if (text.includes('users_email_lower')) return 'Email';
  if (text.includes('users_user_name_lower')) return 'UserName';
  return null;
}
