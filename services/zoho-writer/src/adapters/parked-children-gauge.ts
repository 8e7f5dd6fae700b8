import { Gauge, type Registry } from 'prom-client';

/** Child records (perio charts, notes, deals, …) waiting for their parent's Zoho id (see ParkingLot). */
export function registerParkedChildrenGauge(registry: Registry): Gauge {
  return new Gauge({
    name: 'p2z_zoho_parked_children',
    help: 'Child records waiting for their parent record in Zoho (parked, not yet written or reported)',
    registers: [registry],
  });
}
