import type { Browser, CDPSession, Page } from 'playwright-core';
import type { FetchCase } from './differential-cases';

/** What Chromium did with one case: the oracle of the differential test. */
export interface ChromiumOutcome {
  /** The page could read the response (fetch resolved). */
  readonly readable: boolean;
  /** fetch threw before any request reached the network (a script error). */
  readonly scriptError: boolean;
  readonly preflightSent: boolean;
  /** CDP `Network.loadingFailed.corsErrorStatus` of the request, when CORS blocked it. */
  readonly corsError: string | null;
  readonly failedParameter: string | null;
  /** The console's "has been blocked by CORS policy: ..." sentence, when there is one. */
  readonly console: string | null;
  /** Of the names asked for, those `res.headers.get` returned a value for. */
  readonly readableHeaders: readonly string[];
  readonly error: string | null;
}

interface CdpRequest { requestId: string; type?: string; request: { url: string; method: string }; initiator?: { type?: string } }
interface CdpFailed { requestId: string; corsErrorStatus?: { corsError: string; failedParameter: string } }

/** A page on `origin` whose CDP network events are recorded per URL. */
export class OraclePage {
  private readonly byUrl = new Map<string, { ids: Set<string>; preflight: boolean }>();
  private readonly failures = new Map<string, CdpFailed>();
  private readonly consoleByUrl = new Map<string, string>();

  private constructor(readonly page: Page, private readonly cdp: CDPSession) {}

  static async open(browser: Browser, origin: string): Promise<OraclePage> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const oracle = new OraclePage(page, cdp);
    await cdp.send('Network.enable');
    cdp.on('Network.requestWillBeSent', (e: CdpRequest) => {
      const entry = oracle.byUrl.get(e.request.url) ?? { ids: new Set<string>(), preflight: false };
      if (e.type === 'Preflight' || e.initiator?.type === 'preflight') entry.preflight = true;
      else entry.ids.add(e.requestId);
      oracle.byUrl.set(e.request.url, entry);
    });
    cdp.on('Network.loadingFailed', (e: CdpFailed) => oracle.failures.set(e.requestId, e));
    page.on('console', (m) => {
      const match = /^Access to fetch at '([^']+)' from origin '[^']+' has been blocked by CORS policy: (.*)$/s.exec(m.text());
      if (match) oracle.consoleByUrl.set(match[1], match[2]);
    });
    await page.goto(`${origin}/`);
    return oracle;
  }

  /** Runs the cases' fetches in the page, concurrently, and reads Chromium's verdict on each. */
  async run(cases: readonly FetchCase[], headerNames: readonly string[]): Promise<ChromiumOutcome[]> {
    const results = await this.page.evaluate(async ({ cases, headerNames }) =>
      Promise.all(cases.map(async (c) => {
        try {
          const init: RequestInit = { method: c.method, headers: c.headers, credentials: c.credentials, mode: 'cors' };
          if (c.body !== undefined) init.body = c.body;
          const res = await fetch(c.url, init);
          await res.arrayBuffer();
          return { readable: true, error: null, headers: headerNames.filter((n) => res.headers.get(n) !== null) };
        } catch (e) {
          return { readable: false, error: `${(e as Error).name}: ${(e as Error).message}`, headers: [] as string[] };
        }
      })), { cases: cases.map((c) => ({ ...c })), headerNames: [...headerNames] });
    // CDP events and console messages arrive asynchronously: wait (bounded) until every
    // blocked request that reached the network has its loadingFailed event, then a little more.
    const pending = () => cases.filter((c, i) => !results[i].readable && this.byUrl.has(c.url) &&
      ![...(this.byUrl.get(c.url)?.ids ?? [])].some((id) => this.failures.has(id)));
    for (const end = Date.now() + 5_000; pending().length > 0 && Date.now() < end;) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    return cases.map((c, i) => {
      const r = results[i];
      const seen = this.byUrl.get(c.url);
      const failure = [...(seen?.ids ?? [])].map((id) => this.failures.get(id)).find((f) => f?.corsErrorStatus);
      return {
        readable: r.readable,
        scriptError: !r.readable && seen === undefined,
        preflightSent: seen?.preflight ?? false,
        corsError: failure?.corsErrorStatus?.corsError ?? null,
        failedParameter: failure?.corsErrorStatus?.failedParameter ?? null,
        console: this.consoleByUrl.get(c.url) ?? null,
        readableHeaders: r.headers,
        error: r.error,
      };
    });
  }
}
