import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { DiscoveryEnv } from '@corsway/discovery';
import type { GatewayLogger } from '../logging/gateway.logger';
import { type CompiledGatewayConfig, startDiscovery } from './compiled-gateway.config';
import { loadGatewayConfig } from './gateway-config.loader';

type Listener = (next: CompiledGatewayConfig, previous: CompiledGatewayConfig) => void;
/** Throws (a GatewayConfigError) to refuse a reload. */
type Guard = (next: CompiledGatewayConfig, running: CompiledGatewayConfig) => void;

/**
 * Holds the current compiled config and swaps it on SIGHUP or when the file
 * changes. A bad new file is logged and the old config stays in force. The
 * old discovery provider is stopped only after a grace period, so requests
 * that captured it finish normally.
 */
export class GatewayConfigStore {
  private currentConfig: CompiledGatewayConfig;
  private readonly listeners: Listener[] = [];
  private readonly guards: Guard[] = [];
  private watcher: FSWatcher | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private readonly onSighup = () => void this.reload('SIGHUP');
  private reloading: Promise<boolean> = Promise.resolve(true);

  constructor(
    initial: CompiledGatewayConfig,
    private readonly env: DiscoveryEnv,
    private readonly logger: GatewayLogger,
    private readonly graceMs = 30_000,
  ) {
    this.currentConfig = initial;
  }

  get current(): CompiledGatewayConfig {
    return this.currentConfig;
  }

  onReload(listener: Listener): void {
    this.listeners.push(listener);
  }

  guardReload(guard: Guard): void {
    this.guards.push(guard);
  }

  /** Start reacting to SIGHUP and (optionally) file changes. Only for file-backed configs. */
  watch(options: { sighup: boolean; file: boolean }): void {
    if (options.sighup) process.on('SIGHUP', this.onSighup);
    if (options.file) {
      const file = basename(this.currentConfig.source);
      // Watch the directory: editors and `mv` replace the file, which a file watch would lose.
      this.watcher = watch(dirname(this.currentConfig.source), (_event, name) => {
        if (name && name.toString() !== file) return;
        if (this.debounce) clearTimeout(this.debounce);
        this.debounce = setTimeout(() => void this.reload('file change'), 100);
      });
      this.watcher.unref();
    }
  }

  /** Reloads from the same path. Resolves true when the new config is in force. */
  reload(reason = 'manual'): Promise<boolean> {
    this.reloading = this.reloading.then(() => this.doReload(reason));
    return this.reloading;
  }

  private async doReload(reason: string): Promise<boolean> {
    const previous = this.currentConfig;
    let next: CompiledGatewayConfig;
    try {
      next = loadGatewayConfig(previous.source, this.env);
      for (const guard of this.guards) guard(next, previous);
      await startDiscovery(next);
    } catch (err) {
      this.logger.error({ err, reason, path: previous.source }, `config reload rejected, keeping the previous config: ${(err as Error).message}`);
      return false;
    }
    this.currentConfig = next;
    for (const listener of this.listeners) listener(next, previous);
    this.logger.info({ reason, path: next.source, routes: next.config.routes.length }, 'config reloaded');
    setTimeout(() => void previous.discovery.stop().catch(() => undefined), this.graceMs).unref();
    return true;
  }

  async close(): Promise<void> {
    process.off('SIGHUP', this.onSighup);
    this.watcher?.close();
    if (this.debounce) clearTimeout(this.debounce);
    await this.reloading.catch(() => undefined);
    await this.currentConfig.discovery.stop();
  }
}
