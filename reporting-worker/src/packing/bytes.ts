/**
 * Variable-length integers for the packed report documents: the local store's cost grows with the
 * bytes it returns, and most counters are small. Zigzag keeps a negative value (a dwell under a
 * clock skew) short too; arithmetic rather than bit operations keeps sums up to 2^52 exact.
 */
export class ByteWriter {
  private readonly bytes: number[] = [];

  int(value: number): this {
    if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
    let rest = value >= 0 ? value * 2 : -value * 2 - 1;
    while (rest >= 128) {
      this.bytes.push((rest % 128) + 128);
      rest = Math.floor(rest / 128);
    }
    this.bytes.push(rest);
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.from(this.bytes);
  }
}

export class ByteReader {
  private at = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.at >= this.bytes.length;
  }

  int(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (this.at >= this.bytes.length) throw new RangeError('packed data ends inside a number');
      const byte = this.bytes[this.at++]!;
      value += (byte % 128) * scale;
      if (byte < 128) break;
      scale *= 128;
    }
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  }
}
