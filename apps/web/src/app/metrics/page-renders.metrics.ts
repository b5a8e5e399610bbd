import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter, type Registry } from 'prom-client';

type RenderCallback = (error: Error | null, html?: string) => void;

/**
 * `web_page_renders_total{page, status}`: every page the app rendered, the
 * ones of its controllers (`@Render`) and the error pages of
 * errors/html-exception.filter.ts alike, counted when the template rendered.
 * `page` is the view (`account/login`, `home/index`, `shared/error`, ...): a
 * fixed set, whatever URL was asked for. `status` is the exact HTTP status
 * code sent (`200`, `404`, `500`): the error page serves several, and 400
 * versus 404 versus 500 are different problems.
 */
export function countPageRenders(registry: Registry): RequestHandler {
  const renders = new Counter({
    name: 'web_page_renders_total',
    help:
      'Pages rendered, by view (page: account/login, account/register, home/index, diagnostics/cors, ' +
      'shared/error) and the HTTP status code sent with it (status: 200, 404, 500, ...). ' +
      'Error pages count under page="shared/error".',
    labelNames: ['page', 'status'],
    registers: [registry],
  });
  return (req: Request, res: Response, next: NextFunction) => {
    const render = res.render.bind(res);
    // Express's res.render, with its own default callback (send the HTML, or pass the error on)
    // made explicit so a page counts only once its template rendered.
    res.render = ((view: string, options?: object | RenderCallback, callback?: RenderCallback) => {
      const done = typeof options === 'function' ? options : callback;
      const locals = typeof options === 'function' ? undefined : options;
      render(view, locals, (error: Error | null, html?: string) => {
        if (!error) renders.inc({ page: view, status: String(res.statusCode) });
        if (done) return done(error, html);
        if (error) return next(error);
        res.send(html);
      });
    }) as Response['render'];
    next();
  };
}
