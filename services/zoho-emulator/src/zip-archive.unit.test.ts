import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { crc32, isZip, readZip, writeZip, ZipFormatError } from './zip-archive.ts';

function hasPython(): boolean {
  try {
    execFileSync('python3', ['--version']);
    return true;
  } catch {
    return false;
  }
}

describe('zip archive', () => {
  it('computes the standard CRC-32', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  });

  it('round-trips stored and deflated entries', () => {
    const entries = [
      { name: 'Contacts.csv', data: Buffer.from('Last_Name,Email\n' + 'Example,a@b.c\n'.repeat(200)) },
      { name: 'tiny.txt', data: Buffer.from('x') },
      { name: 'ümlaut.csv', data: Buffer.alloc(0) },
    ];
    const zip = writeZip(entries);
    assert.ok(isZip(zip));
    assert.deepEqual(readZip(zip), entries);
  });

  it('rejects non-zip and corrupt data', () => {
    assert.throws(() => readZip(Buffer.from('Last_Name\nExample\n')), ZipFormatError);
    const zip = writeZip([{ name: 'a.csv', data: Buffer.from('a'.repeat(100)) }]);
    zip[40] = (zip[40] ?? 0) ^ 0xff;
    assert.throws(() => readZip(zip), ZipFormatError);
  });

  it('interoperates with a standard zip implementation', { skip: !hasPython() }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'zip-test-'));
    const ours = join(dir, 'ours.zip');
    writeFileSync(ours, writeZip([{ name: 'a.csv', data: Buffer.from('hello,world\n'.repeat(50)) }]));
    const script = `import zipfile,sys
z=zipfile.ZipFile(sys.argv[1]); assert z.read('a.csv')==b'hello,world\\n'*50
w=zipfile.ZipFile(sys.argv[2],'w',zipfile.ZIP_DEFLATED); w.writestr('b.csv','x,y\\n1,2\\n'); w.close()`;
    execFileSync('python3', ['-c', script, ours, join(dir, 'theirs.zip')]);
    assert.deepEqual(readZip(readFileSync(join(dir, 'theirs.zip'))), [{ name: 'b.csv', data: Buffer.from('x,y\n1,2\n') }]);
  });
});
