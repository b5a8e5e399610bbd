/**
 * The one password rule of corsway, used by user-service's register endpoint
 * and by the web app's register page hint, so the two cannot drift.
 *
 * NIST SP 800-63B §5.1.1.2 (memorized secrets): a minimum length, no
 * composition rules (no "upper, lower, digit, symbol"), a maximum of at least
 * 64, and a check against a list of commonly used, expected or compromised
 * values: dictionary-grade passwords, repetitive or sequential characters,
 * and context-specific words (the service's name, the user's own name).
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** What the register page shows under the password field. */
export const PASSWORD_RULE_HINT =
  `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters. Any characters; a long passphrase is best. ` +
  'Common passwords (such as "password1" or "12345678"), one repeated character, ' +
  'a plain sequence (such as "abcdefgh") and your user name or email are refused.';

/**
 * Commonly used passwords of at least the minimum length (shorter ones are
 * refused by length already), compared case-insensitively. Taken from the
 * top of the public breach-corpus frequency lists.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password',
  'password1',
  'password12',
  'password123',
  'password1234',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'p@ssword1',
  'pa$$word',
  'passwort',
  'motdepasse',
  'contrasena',
  'changeme',
  'changeme1',
  'letmein1',
  'letmein123',
  'welcome1',
  'welcome123',
  'iloveyou',
  'iloveyou1',
  'trustno1',
  'sunshine',
  'sunshine1',
  'princess',
  'princess1',
  'football',
  'football1',
  'baseball',
  'basketball',
  'superman',
  'starwars',
  'whatever',
  'computer',
  'michael1',
  'jennifer',
  'jordan23',
  'liverpool',
  'chelsea1',
  'arsenal1',
  'dragon12',
  'monkey12',
  'shadow12',
  'master12',
  'qwerty12',
  'qwerty123',
  'qwerty1234',
  'qwertyui',
  'qwertyuiop',
  'asdfghjk',
  'asdfghjkl',
  'asdf1234',
  'zxcvbnm1',
  'zaq12wsx',
  '1qaz2wsx',
  '1q2w3e4r',
  '1q2w3e4r5t',
  'q1w2e3r4',
  'a1b2c3d4',
  'abc12345',
  'abcd1234',
  'admin123',
  'admin1234',
  'administrator',
  'root1234',
  'test1234',
  'testtest',
  'secret12',
  'default1',
  'letmeinplease',
  'loveyou1',
  'freedom1',
  'internet',
  'corsway1',
  'corsway123',
  'demo1234',
  'hello123',
  'helloworld',
  'iloveyou2',
  'lovelove',
  'mustang1',
  'access14',
  'batman12',
  'blink182',
  'charlie1',
  'cheese12',
  'cookie12',
  'daniel12',
  'family12',
  'flower12',
  'killer12',
  'matrix12',
  'mercedes',
  'michelle',
  'nicole12',
  'pokemon1',
  'samsung1',
  'soccer12',
  'summer12',
  'thomas12',
  'tigger12',
  'yankees1',
  '12345678',
  '123456789',
  '1234567890',
  '12345678910',
  '87654321',
  '987654321',
  '11111111',
  '00000000',
  '88888888',
  '12341234',
  '11223344',
  '123123123',
  '123321123',
  '147258369',
  '159753123',
  '741852963',
  '1234qwer',
  'qwer1234',
]);

export interface PasswordContext {
  userName?: string;
  email?: string;
}

/** Why `password` breaks the rule, one message per problem (empty when it is fine). */
export function passwordProblems(password: string, context: PasswordContext = {}): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push(`Password must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`Password must be at most ${PASSWORD_MAX_LENGTH} characters`);
  if (problems.length) return problems;
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) problems.push('Password is a commonly used password; choose a less common one');
  else if (isRepetitive(lower)) problems.push('Password is one repeated character; choose a less predictable one');
  else if (isSequential(lower))
    problems.push('Password is a plain sequence of characters; choose a less predictable one');
  const names = [context.userName, context.email, context.email?.split('@')[0]]
    .map((n) => n?.trim().toLowerCase())
    .filter((n): n is string => !!n && n.length >= 3);
  if (names.includes(lower)) problems.push('Password must not be your user name or email');
  return problems;
}

function isRepetitive(value: string): boolean {
  return [...value].every((c) => c === value[0]);
}

// "abcdefgh", "12345678", "hgfedcba": every step is +1 (or every step -1) in code points.
function isSequential(value: string): boolean {
  const codes = [...value].map((c) => c.codePointAt(0) ?? 0);
  const step = codes[1] - codes[0];
  if (step !== 1 && step !== -1) return false;
  return codes.every((c, i) => i === 0 || c - codes[i - 1] === step);
}
