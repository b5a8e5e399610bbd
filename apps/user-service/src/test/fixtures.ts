import type { LoginData, PublicUser } from '@corsway/contracts';
import { randomBytes } from 'node:crypto';
import { post } from './http-client';

export const PASSWORD = 'Correct-Horse-9';

/** A fresh, unique account body. */
export function newAccount(prefix = 'u'): { Email: string; UserName: string; Password: string; DisplayName: string } {
  const tag = `${prefix}${randomBytes(4).toString('hex')}`;
  return { Email: `${tag}@example.com`, UserName: tag, Password: PASSWORD, DisplayName: `User ${tag}` };
}

export async function registerAccount(url: string, prefix = 'u') {
  const account = newAccount(prefix);
  const res = await post<PublicUser>(`${url}/user/register`, account);
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.text}`);
  return { ...account, id: res.body.Data!.Id };
}

/** Logs in as the browser client `web` (refresh token only in the cookie) unless `clientId` says otherwise. */
export async function login(
  url: string,
  who: string,
  password = PASSWORD,
  headers: Record<string, string> = {},
  clientId = 'web',
) {
  return post<LoginData>(
    `${url}/user/login`,
    { EmailOrUserName: who, Password: password, ClientId: clientId },
    headers,
  );
}

/** The non-browser client seeded by migration 3: the refresh token comes back in the body. */
export const CLI_CLIENT = 'cli';
