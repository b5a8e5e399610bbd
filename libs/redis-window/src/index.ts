export { hitFixedWindow, type FixedWindowHit } from './lib/fixed-window';
export { RedisFallbackSwitch } from './lib/fallback-switch';
