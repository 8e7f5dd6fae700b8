// Test-only control surface under /__emulator (no auth, never part of the Zoho API).
import express, { type Router } from 'express';
import type { EmulatorRuntime } from '../emulator-runtime.ts';
import type { FaultConfig } from '../fault-injector.ts';

export function controlRouter(runtime: EmulatorRuntime): Router {
  const router = express.Router();
  router.use(express.json());
  router.get('/state', (_req, res) => {
    res.json(runtime.exportState());
  });
  router.post('/reset', (_req, res) => {
    runtime.reset();
    res.json({ status: 'reset' });
  });
  router.get('/faults', (_req, res) => {
    res.json(runtime.faults.config);
  });
  // Replaces the whole fault configuration (and restarts the seeded sequence).
  router.post('/faults', (req, res) => {
    try {
      runtime.faults.configure((req.body ?? {}) as FaultConfig);
      res.json(runtime.faults.config);
    } catch (error) {
      res.status(400).json({ error: error instanceof Error ? error.message : 'invalid fault configuration' });
    }
  });
  return router;
}
