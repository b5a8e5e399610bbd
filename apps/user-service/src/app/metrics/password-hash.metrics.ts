import { METRICS_REGISTRY } from '@corsway/metrics';
import { Inject, Injectable } from '@nestjs/common';
import { Gauge, Histogram, type Registry } from 'prom-client';

/** The password-hashing queue (accounts/password.hasher.ts, accounts/concurrency-limit.ts). */
@Injectable()
export class PasswordHashMetrics {
  private readonly wait: Histogram;
  private depth: () => number = () => 0;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const read = () => this.depth();
    new Gauge({
      name: 'user_service_password_hash_queue_depth',
      help: 'Password hashes and verifications waiting for a hashing slot now (refused with 503 past HASH_QUEUE_LIMIT).',
      registers: [registry],
      // Read at scrape time: the queue is the truth, no counter to keep in step with it.
      collect() {
        this.set(read());
      },
    });
    this.wait = new Histogram({
      name: 'user_service_password_hash_wait_seconds',
      help: 'Time a password hash or verification waited for a hashing slot before it started (refused ones are not observed).',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  }

  /** The hasher hands over how to read its queue depth. */
  watchQueue(depth: () => number): void {
    this.depth = depth;
  }

  waited(seconds: number): void {
    this.wait.observe(seconds);
  }
}
