// A tiny WebM (Matroska + VP8) writer, so the simulator serves real videos a browser can play with no
// external tool (no ffmpeg on a fresh CI machine, no apt dependency).
//
// How a VP8 frame can be written without an encoder: VP8 codes almost everything through a boolean
// (arithmetic) decoder, and a boolean decoder reading only zero bytes decodes a 0 for every symbol,
// whatever its probability (RFC 6386 §7: the value stays below every split). Every 0 is a valid,
// conservative choice in a key frame: no segmentation, no loop filter, one token partition, quantiser 0,
// no probability updates, no skip flag; every macroblock is B_PRED with B_DC_PRED sub-blocks, chroma
// DC_PRED, and every block's first token is end-of-block. So a key frame is its 10-byte uncompressed
// header plus zero bytes, and decodes to a flat mid-grey picture. The zero runs are sized by an upper
// bound (one symbol never consumes more than a byte), so no decoder runs out of data.
//
// A frame can differ only in size, so the videos differ in size and length; what matters to the tests
// and the panel is that Chromium's own demuxer and decoder accept the file (readyState, duration).

/** One video: frame size, frame count and frame duration (ms). */
export interface WebmSpec {
  width: number;
  height: number;
  frames: number;
  frameMs: number;
}

/** Upper bound of the bytes the boolean decoder reads for a key frame with `mbs` macroblocks. */
function partitionSizes(mbs: number): { first: number; tokens: number } {
  // Header: ~30 literal bits + 1056 token-probability update flags + the skip flag; per macroblock
  // 1 y-mode + 16 sub-block modes + 1 uv-mode; tokens: 25 blocks (16 Y, 4 U, 4 V… and slack) each one
  // EOB. Each symbol shifts at most 7 bits out of the decoder's window, so a byte per symbol suffices.
  return { first: 1200 + 18 * mbs, tokens: 26 * mbs + 16 };
}

/** A VP8 key frame of the given size that decodes to flat grey (see the file comment). */
export function vp8GreyKeyFrame(width: number, height: number): Buffer {
  if (width < 1 || height < 1 || width > 16383 || height > 16383) throw new Error('bad VP8 size');
  const mbs = Math.ceil(width / 16) * Math.ceil(height / 16);
  const { first, tokens } = partitionSizes(mbs);
  const out = Buffer.alloc(10 + first + tokens); // zero-filled: the boolean-coded data
  // Frame tag: key frame (bit 0 = 0), version 0, show_frame 1, first partition size in 19 bits.
  const tag = (first << 5) | (1 << 4);
  out[0] = tag & 0xff;
  out[1] = (tag >> 8) & 0xff;
  out[2] = (tag >> 16) & 0xff;
  out[3] = 0x9d;
  out[4] = 0x01;
  out[5] = 0x2a;
  out.writeUInt16LE(width & 0x3fff, 6); // no horizontal scaling
  out.writeUInt16LE(height & 0x3fff, 8);
  return out;
}

/** EBML variable-length size. */
function vsize(n: number): Buffer {
  for (let len = 1; len <= 8; len++) {
    // All-ones is reserved for "unknown size", hence the -1.
    if (n < 2 ** (7 * len) - 1) {
      const b = Buffer.alloc(len);
      let v = n;
      for (let i = len - 1; i >= 0; i--) {
        b[i] = v & 0xff;
        v = Math.floor(v / 256);
      }
      b[0] |= 0x80 >> (len - 1);
      return b;
    }
  }
  throw new Error('EBML size too large');
}

function el(id: number, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const idBytes = Buffer.from(
    id.toString(16).padStart(id > 0xffffff ? 8 : id > 0xffff ? 6 : id > 0xff ? 4 : 2, '0'),
    'hex',
  );
  return Buffer.concat([idBytes, vsize(body.length), body]);
}

function uint(id: number, v: number): Buffer {
  const bytes: number[] = [];
  let x = v;
  do {
    bytes.unshift(x & 0xff);
    x = Math.floor(x / 256);
  } while (x > 0);
  return el(id, Buffer.from(bytes));
}

function float(id: number, v: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(v, 0);
  return el(id, b);
}

function text(id: number, s: string): Buffer {
  return el(id, Buffer.from(s, 'utf8'));
}

/** A complete WebM file: every frame a VP8 key frame, all in one cluster. */
export function makeWebm(spec: WebmSpec): Buffer {
  const { width, height, frames, frameMs } = spec;
  if (frames < 1 || frames * frameMs > 32000) throw new Error('bad WebM length');
  const frame = vp8GreyKeyFrame(width, height);
  const header = el(
    0x1a45dfa3,
    uint(0x4286, 1), // EBMLVersion
    uint(0x42f7, 1), // EBMLReadVersion
    uint(0x42f2, 4), // EBMLMaxIDLength
    uint(0x42f3, 8), // EBMLMaxSizeLength
    text(0x4282, 'webm'), // DocType
    uint(0x4287, 2), // DocTypeVersion
    uint(0x4285, 2), // DocTypeReadVersion
  );
  const info = el(
    0x1549a966,
    uint(0x2ad7b1, 1_000_000), // TimecodeScale: timestamps in ms
    text(0x4d80, 'mj-sim'), // MuxingApp
    text(0x5741, 'mj-sim'), // WritingApp
    float(0x4489, frames * frameMs), // Duration, so the element knows its length before playing
  );
  const tracks = el(
    0x1654ae6b,
    el(
      0xae, // TrackEntry
      uint(0xd7, 1), // TrackNumber
      uint(0x73c5, 1), // TrackUID
      uint(0x83, 1), // TrackType: video
      uint(0x9c, 0), // FlagLacing: off
      text(0x86, 'V_VP8'), // CodecID
      uint(0x23e383, frameMs * 1_000_000), // DefaultDuration (ns)
      el(0xe0, uint(0xb0, width), uint(0xba, height)), // Video: PixelWidth, PixelHeight
    ),
  );
  const blocks: Buffer[] = [uint(0xe7, 0)]; // Cluster Timecode
  for (let i = 0; i < frames; i++) {
    const head = Buffer.alloc(4);
    head[0] = 0x81; // track 1
    head.writeInt16BE(i * frameMs, 1); // relative to the cluster
    head[3] = 0x80; // key frame
    blocks.push(el(0xa3, head, frame)); // SimpleBlock
  }
  const cluster = el(0x1f43b675, ...blocks);
  return Buffer.concat([header, el(0x18538067, info, tracks, cluster)]);
}
