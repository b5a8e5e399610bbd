export { hitFixedWindow, type FixedWindowHit } from './lib/fixed-window';
