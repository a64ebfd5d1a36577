/** The body is not JSON at all, or not the JSON the splitter was told to expect. */
export class JsonSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

const quote = 0x22;
const backslash = 0x5c;
const comma = 0x2c;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const isSpace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

type State = 'start' | 'beforeFirst' | 'beforeNext' | 'element' | 'done';

/**
 * Splits a top-level JSON array arriving in chunks into its elements' bytes, handing each to
 * `onElement` as soon as it is complete: a 100,000-record answer is never one 90 MB buffer and
 * one 90 MB string at once. It only finds where elements end (outside strings, at nesting depth 0);
 * each element's own syntax is left to JSON.parse. `isArray` is false when the body does not start
 * with `[`: the caller then reads it whole instead.
 */
export class JsonArraySplitter {
  private state: State = 'start';
  private pieces: Buffer[] = [];
  private depth = 0;
  private inString = false;
  private escaped = false;

  constructor(private readonly onElement: (bytes: Buffer) => void) {}

  get isArray(): boolean {
    return this.state !== 'start';
  }

  /** Takes the next chunk; returns false (and takes nothing) when the body turns out not to be an array. */
  push(chunk: Buffer): boolean {
    let index = 0;
    let elementStart = this.state === 'element' ? 0 : -1;
    while (index < chunk.length) {
      const byte = chunk[index] as number;
      if (this.state === 'element') {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (byte === backslash) this.escaped = true;
          else if (byte === quote) this.inString = false;
        } else if (byte === quote) this.inString = true;
        else if (byte === openBrace || byte === openBracket) this.depth++;
        else if (this.depth > 0) {
          if (byte === closeBrace || byte === closeBracket) this.depth--;
        } else if (byte === comma || byte === closeBracket) {
          this.pieces.push(chunk.subarray(elementStart, index));
          this.emit();
          this.state = byte === comma ? 'beforeNext' : 'done';
        } else if (byte === closeBrace) throw new JsonSyntaxError('unbalanced }');
        index++;
        continue;
      }
      if (isSpace(byte)) {
        index++;
        continue;
      }
      if (this.state === 'start') {
        if (byte !== openBracket) return false;
        this.state = 'beforeFirst';
      } else if (this.state === 'done') {
        throw new JsonSyntaxError('text after the array');
      } else if (byte === closeBracket && this.state === 'beforeFirst') {
        this.state = 'done';
      } else if (byte === comma || byte === closeBracket) {
        throw new JsonSyntaxError('missing array element');
      } else {
        this.state = 'element';
        elementStart = index;
        continue;
      }
      index++;
    }
    if (this.state === 'element') this.pieces.push(chunk.subarray(elementStart));
    return true;
  }

  /** The body has ended: it must have closed the array. */
  end(): void {
    if (this.state !== 'done') throw new JsonSyntaxError('the array is not closed');
  }

  private emit(): void {
    const bytes = this.pieces.length === 1 ? (this.pieces[0] as Buffer) : Buffer.concat(this.pieces);
    this.pieces = [];
    this.depth = 0;
    this.onElement(bytes);
  }
}
