import type { WebConfig } from '../config/web.config';
import { type Notice, type PageViewModel, pageViewModel } from '../views/page.view-model';

/** The seed's client id for the browser app (user-service seeds it). */
export const WEB_CLIENT_ID = 'web';

/**
 * Why the user landed on the login page. Only these fixed texts are shown:
 * the query string picks one, it is never echoed (no reflected content).
 */
export const LOGIN_NOTICES: Readonly<Record<string, Notice>> = {
  registered: { kind: 'success', text: 'Your account was created. Sign in with it below.' },
  loggedOut: { kind: 'info', text: 'You have been signed out.' },
  expired: { kind: 'warning', text: 'Your session has ended. Please sign in again.' },
};

export interface LoginViewModel extends PageViewModel {
  readonly clientId: string;
}

export function loginViewModel(config: WebConfig, reason: string | undefined): LoginViewModel {
  const notice = reason !== undefined && Object.hasOwn(LOGIN_NOTICES, reason) ? LOGIN_NOTICES[reason] : null;
  return {
    ...pageViewModel(config, { title: 'Login', active: 'login', scripts: ['/js/login.js'], notice }),
    clientId: WEB_CLIENT_ID,
  };
}
