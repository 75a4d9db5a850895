// A deck's bytes as text, a piece at a time: the encoding is decided once for the whole file (strict UTF-8, else
// Windows-1252), then the bytes are decoded in pieces of about a megabyte cut after a line end, so a 60 MB deck never
// exists as one 60 MB string beside its bytes. sniff.ts's `deckRecords` splits the pieces into records with true line
// numbers; a quoted cell that spans a cut is carried into the next piece.
import { isUtf8 } from 'node:buffer';

export type DeckEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252';

// cp1252 differs from Latin-1 only in 0x80–0x9F; the five undefined bytes keep their C1 code point (as WHATWG does).
// Our own table because this Node's TextDecoder('windows-1252') decodes as Latin-1 (0x80 came out U+0080, not €).
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
const PIECE_BYTES = 1 << 20;
const LF = 0x0a;
const CR = 0x0d;

export interface DeckText {
  encoding: DeckEncoding;
  /** The text in pieces, each ending after a line end (the last one wherever the file ends). Restartable. */
  pieces(): Generator<string>;
}

export function openDeckText(bytes: Buffer, pieceBytes = PIECE_BYTES): DeckText {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const utf8 = isUtf8(body);
  // Latin-1 maps each byte to the same code point; only 0x80–0x9F need the cp1252 table. A cut after a line-end byte
  // never splits a UTF-8 sequence (0x0A and 0x0D only ever stand for themselves).
  const decode = utf8
    ? (b: Buffer) => b.toString('utf8')
    : (b: Buffer) => b.toString('latin1').replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
  return {
    encoding: utf8 ? (bom ? 'utf-8-bom' : 'utf-8') : 'windows-1252',
    *pieces() {
      let start = 0;
      while (start < body.length) {
        const end = cutAfterLineEnd(body, start, pieceBytes);
        yield decode(body.subarray(start, end));
        start = end;
      }
    },
  };
}

/** The end of a piece starting at `start`: just after the last line end in about `size` bytes (a CRLF kept whole). */
function cutAfterLineEnd(body: Buffer, start: number, size: number): number {
  if (body.length - start <= size) return body.length;
  const window = body.subarray(start, start + size);
  const lf = window.lastIndexOf(LF);
  const at = lf >= 0 ? lf : window.lastIndexOf(CR);
  // A piece without any line end (one enormous line) goes on to the end of the line, or of the file.
  if (at < 0) {
    const next = body.indexOf(LF, start + size);
    return next < 0 ? body.length : next + 1;
  }
  let end = start + at + 1;
  if (body[end - 1] === CR && body[end] === LF) end++;
  return end;
}

/** The first `count` physical lines, decoding no more pieces than that takes. */
export function deckHeadLines(deck: DeckText, count: number): string[] {
  const out: string[] = [];
  let pending = '';
  for (const piece of deck.pieces()) {
    const lines = (pending + piece).split(/\r\n|\r|\n/);
    pending = lines.pop() ?? '';
    out.push(...lines);
    if (out.length >= count) break;
  }
  if (out.length < count && pending) out.push(pending);
  if (out[0]?.charCodeAt(0) === 0xfeff) out[0] = out[0].slice(1);
  return out.slice(0, count);
}
