import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';

/** An output file written through a small buffer with synchronous writes: bounded memory, no backpressure to manage. */
export class BufferedFile {
  private readonly fd: number;
  private chunks: string[] = [];
  private size = 0;

  constructor(
    readonly file: string,
    private readonly flushAt = 256 * 1024,
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.fd = openSync(file, 'w');
  }

  write(text: string): void {
    this.chunks.push(text);
    this.size += text.length;
    if (this.size >= this.flushAt) this.flush();
  }

  flush(): void {
    if (this.chunks.length === 0) return;
    writeSync(this.fd, Buffer.from(this.chunks.join(''), 'utf8'));
    this.chunks = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
