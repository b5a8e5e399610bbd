import type { WebConfig } from '../config/web.config';
import { type PageViewModel, pageViewModel } from '../views/page.view-model';

export interface ErrorViewModel extends PageViewModel {
  readonly status: number;
  /** A fixed text per status class: never the exception's message (it may carry internals). */
  readonly description: string;
}

export function errorViewModel(config: WebConfig, status: number): ErrorViewModel {
  const notFound = status === 404;
  const base = pageViewModel(config, { title: notFound ? 'Page not found' : 'Error', active: 'login' });
  return {
    ...base,
    nav: { login: false, register: false, home: false, diagnostics: false },
    status,
    description: notFound
      ? 'There is no page at this address. Check the link, or start again from the login page.'
      : status < 500
        ? 'The request could not be served.'
        : 'Something went wrong on our side. Please try again.',
  };
}
