import { randomBytes } from 'node:crypto';
import { call, type Exchange } from './http';

export const PASSWORD = 'Reliab1e!Pass';

/**
 * The non-browser client user-service seeds: its refresh token comes back in the body, so these
 * suites can hold it. The browser client `web` gets it only in the HttpOnly cookie.
 */
export const CLIENT_ID = 'cli';

export interface Account {
  readonly Email: string;
  readonly UserName: string;
  readonly Password: string;
}

/** A fresh, valid account body (unique per call). */
export function newAccount(prefix = 'rel'): Account {
  const id = randomBytes(5).toString('hex');
  return { Email: `${prefix}-${id}@example.com`, UserName: `${prefix}_${id}`, Password: PASSWORD };
}

export async function register(baseUrl: string, account: Account, prefix = ''): Promise<Exchange> {
  return call('POST', `${baseUrl}${prefix}/user/register`, { json: account });
}

export async function login(baseUrl: string, name: string, password = PASSWORD, prefix = '', headers: Record<string, string> = {}): Promise<Exchange> {
  return call('POST', `${baseUrl}${prefix}/user/login`, { json: { EmailOrUserName: name, Password: password, ClientId: CLIENT_ID }, headers });
}

export async function refresh(baseUrl: string, token: string, prefix = '', headers: Record<string, string> = {}): Promise<Exchange> {
  return call('POST', `${baseUrl}${prefix}/user/refresh`, { json: { RefreshToken: token, ClientId: CLIENT_ID }, headers });
}

export async function me(baseUrl: string, accessToken: string, prefix = '', headers: Record<string, string> = {}): Promise<Exchange> {
  return call('GET', `${baseUrl}${prefix}/user/me`, { headers: { authorization: `Bearer ${accessToken}`, ...headers } });
}

/** Registers a new account and signs it in; throws with the answer when either step fails. */
export async function signedIn(baseUrl: string): Promise<{ account: Account; accessToken: string; refreshToken: string; id: string }> {
  const account = newAccount();
  const reg = await register(baseUrl, account);
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${reg.text}`);
  const res = await login(baseUrl, account.UserName);
  const data = res.body?.Data;
  if (res.status !== 200 || !data) throw new Error(`login: ${res.status} ${res.text}`);
  return { account, accessToken: data.AccessToken, refreshToken: data.RefreshToken, id: data.Id };
}
