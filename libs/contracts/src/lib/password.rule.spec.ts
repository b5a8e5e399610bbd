import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_RULE_HINT, passwordProblems } from './password.rule';

describe('the password rule (NIST SP 800-63B §5.1.1.2)', () => {
  it.each([
    ['Demo@12345', {}],
    ['correct horse battery staple', {}],
    ['lowercaseonlybutlong', {}],
    ['x'.repeat(PASSWORD_MAX_LENGTH - 1) + 'y', {}],
    ['ünïcödé-pässwörd', {}],
    ['ada-lovelace-1815', { userName: 'ada', email: 'ada@example.com' }],
  ])('accepts %p (no composition rules)', (password, context) => {
    expect(passwordProblems(password, context)).toEqual([]);
  });

  it.each([
    ['short1', /at least 8/],
    ['x'.repeat(PASSWORD_MAX_LENGTH + 1), /at most 128/],
    ['abcdefgh', /sequence/],
    ['12345678', /commonly used/],
    ['PASSWORD1', /commonly used/],
    ['Qwerty123', /commonly used/],
    ['aaaaaaaaaa', /repeated/],
    ['hgfedcba', /sequence/],
  ])('refuses %p', (password, message) => {
    expect(passwordProblems(password)).toEqual([expect.stringMatching(message)]);
  });

  it.each([
    [{ userName: 'Ada.Lovelace' }, 'ada.lovelace'],
    [{ email: 'ada.l@example.com' }, 'ADA.L@example.com'],
    [{ email: 'adalovelace@example.com' }, 'adalovelace'],
  ])('refuses the user name or email itself (%j)', (context, password) => {
    expect(passwordProblems(password, context)).toEqual([expect.stringMatching(/user name or email/)]);
  });

  it('the hint states the same numbers the rule enforces', () => {
    expect(PASSWORD_RULE_HINT).toContain(`${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`);
    expect(PASSWORD_RULE_HINT).not.toMatch(/upper|lower case|symbol|digit/i);
  });
});
