import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger } from './logger.ts';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

test('PHI and secrets are censored at any of the first levels', () => {
  const { lines, stream } = capture();
  const log = createLogger({ service: 't', level: 'debug', destination: stream });
  log.debug(
    {
      lastName: 'Kowalczyk',
      patient: { firstName: 'Agnieszka' },
      ctx: { deep: { dateOfBirth: '1961-04-02', phone: '+15551230000' } },
      auth: { access_token: '1000.abcdef', refreshToken: 'r-123' },
      event: { guarantor: { name: 'Bartholomew Quixotewright', relation: 'Parent' }, guarantorName: 'Bartholomew' },
      sent: { PANDA_Guarantor: 'Bartholomew Quixotewright (Parent)' },
      eventCount: 3,
    },
    'handled',
  );
  const out = lines.join('');
  for (const value of ['Kowalczyk', 'Agnieszka', '1961-04-02', '+15551230000', '1000.abcdef', 'r-123', 'Bartholomew', 'Quixotewright']) {
    assert.ok(!out.includes(value), `leaked ${value}`);
  }
  assert.match(out, /"eventCount":3/);
  assert.match(out, /\[redacted\]/);
});
