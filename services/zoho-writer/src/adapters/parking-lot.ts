import type { Gauge } from 'prom-client';

/**
 * Which records are parked (waiting for a parent in Zoho), for ordering and the gauge. The parked
 * records themselves live in the writer's parking topic, so a restart loses nothing: this in-memory
 * view refills as the parking consumer sees them again.
 */
export class ParkingLot {
  readonly #keys = new Set<string>();

  constructor(private readonly gauge: Gauge) {
    gauge.set(0);
  }

  park(recordKey: string): void {
    this.#keys.add(recordKey);
    this.gauge.set(this.#keys.size);
  }

  release(recordKey: string): void {
    this.#keys.delete(recordKey);
    this.gauge.set(this.#keys.size);
  }

  isParked(recordKey: string): boolean {
    return this.#keys.has(recordKey);
  }

  get size(): number {
    return this.#keys.size;
  }
}
