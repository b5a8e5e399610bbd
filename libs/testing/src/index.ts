export { startApp, restartOnSamePort, rssBytes, workspaceRoot } from './lib/built-app';
export type { AppName, RunningApp, StartAppOptions } from './lib/built-app';
export { eventually } from './lib/eventually';
export { reserveFreePort } from './lib/free-port';
export { send, type TestResponse } from './lib/http-send';
export { RawClient } from './lib/raw-client';
export { parseMetrics, scrapeMetrics, type MetricSamples } from './lib/scrape-metrics';
export { TestRedisServer } from './lib/redis-server';
export { TcpProxy } from './lib/tcp-proxy';
