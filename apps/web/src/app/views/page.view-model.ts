import type { WebConfig } from '../config/web.config';

export type NavItem = 'login' | 'register' | 'home' | 'diagnostics';

/** A message the server renders into the page's live region (always escaped by Handlebars). */
export interface Notice {
  readonly kind: 'success' | 'info' | 'warning' | 'danger';
  readonly text: string;
}

/** What the shared layout (`views/layouts/main.hbs`) needs from every page. */
export interface PageViewModel {
  readonly title: string;
  /** One flag per navbar item, so the layout can mark the current page without helpers. */
  readonly nav: Readonly<Record<NavItem, boolean>>;
  /** Read by `/js/site.js` from `<body data-gateway-base-url>`; no inline script needed. */
  readonly gatewayBaseUrl: string;
  /** Page scripts under `/js/`, loaded after jQuery and Bootstrap. */
  readonly scripts: readonly string[];
  readonly notice: Notice | null;
}

export function pageViewModel(
  config: WebConfig,
  page: { title: string; active: NavItem; scripts?: readonly string[]; notice?: Notice | null },
): PageViewModel {
  return {
    title: page.title,
    nav: { login: page.active === 'login', register: page.active === 'register', home: page.active === 'home', diagnostics: page.active === 'diagnostics' },
    gatewayBaseUrl: config.gatewayBaseUrl,
    scripts: page.scripts ?? [],
    notice: page.notice ?? null,
  };
}
