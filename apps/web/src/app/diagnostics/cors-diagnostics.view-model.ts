import type { WebConfig } from '../config/web.config';
import { type PageViewModel, pageViewModel } from '../views/page.view-model';
import { CORS_PROBE_CASES, type CorsProbeCase } from './cors-probe-case';

export interface CorsDiagnosticsViewModel extends PageViewModel {
  readonly cases: readonly CorsProbeCase[];
}

export function corsDiagnosticsViewModel(config: WebConfig): CorsDiagnosticsViewModel {
  return {
    ...pageViewModel(config, { title: 'CORS diagnostics', active: 'diagnostics', scripts: ['/js/diagnostics-cors.js'] }),
    cases: CORS_PROBE_CASES,
  };
}
