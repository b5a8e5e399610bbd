import type { WebConfig } from '../config/web.config';
import { type PageViewModel, pageViewModel } from '../views/page.view-model';

/** Profile fields of `GET /users/user/me`, in display order; `/js/home.js` fills them. */
export const PROFILE_FIELDS: readonly { readonly name: string; readonly label: string }[] = [
  { name: 'DisplayName', label: 'Display name' },
  { name: 'UserName', label: 'User name' },
  { name: 'Email', label: 'Email' },
  { name: 'Id', label: 'User id' },
];

export interface HomeViewModel extends PageViewModel {
  readonly profileFields: typeof PROFILE_FIELDS;
}

export function homeViewModel(config: WebConfig): HomeViewModel {
  return { ...pageViewModel(config, { title: 'Home', active: 'home', scripts: ['/js/home.js'] }), profileFields: PROFILE_FIELDS };
}
