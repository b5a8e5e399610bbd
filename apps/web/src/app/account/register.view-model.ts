import { PASSWORD_RULE_HINT } from '@corsway/contracts';
import type { WebConfig } from '../config/web.config';
import { type PageViewModel, pageViewModel } from '../views/page.view-model';

/** A form field of `POST /user/register`; `name` is the key user-service uses in `Errors`. */
export interface FormField {
  readonly name: string;
  readonly label: string;
  readonly type: 'text' | 'email' | 'password';
  readonly autocomplete: string;
  readonly required: boolean;
  readonly hint: string | null;
}

export const REGISTER_FIELDS: readonly FormField[] = [
  { name: 'Email', label: 'Email', type: 'email', autocomplete: 'email', required: true, hint: null },
  { name: 'UserName', label: 'User name', type: 'text', autocomplete: 'username', required: true, hint: 'Letters, digits, dots, dashes and underscores.' },
  { name: 'DisplayName', label: 'Display name (optional)', type: 'text', autocomplete: 'name', required: false, hint: null },
  { name: 'Password', label: 'Password', type: 'password', autocomplete: 'new-password', required: true, hint: PASSWORD_RULE_HINT },
];

export interface RegisterViewModel extends PageViewModel {
  readonly fields: readonly FormField[];
}

export function registerViewModel(config: WebConfig): RegisterViewModel {
  return {
    ...pageViewModel(config, { title: 'Register', active: 'register', scripts: ['/js/register.js'] }),
    fields: REGISTER_FIELDS,
  };
}
