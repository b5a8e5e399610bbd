export { startApp, restartOnSamePort, rssBytes, workspaceRoot } from './lib/built-app';
export type { AppName, RunningApp, StartAppOptions } from './lib/built-app';
