/**
 * The managed login header logo: the product name, white on a transparent background, as a
 * PNG. Cognito validates SVG assets and refuses some of what an SVG may hold, and it documents
 * no list of what it accepts, so the logo is a bitmap: a 5×7 pixel font of our own (ASCII
 * letters, digits and common punctuation; accented letters lose their accents, anything else is
 * drawn as "?"), scaled 3×. The PNG is written here byte by byte with uncompressed deflate
 * blocks, so the same name gives the same bytes on every Node version (a zlib upgrade would
 * otherwise change the asset, and the branding with it, at the next `up`).
 */

/**
 * Each glyph: 9 rows of 5 columns ('#' ink), rows 0-6 above the baseline, 7-8 for descenders.
 * Rows left out are blank.
 */
const GLYPHS: Record<string, string> = {
  " ": "",
  A: ".###.|#...#|#...#|#...#|#####|#...#|#...#",
  B: "####.|#...#|#...#|####.|#...#|#...#|####.",
  C: ".###.|#...#|#....|#....|#....|#...#|.###.",
  D: "###..|#..#.|#...#|#...#|#...#|#..#.|###..",
  E: "#####|#....|#....|####.|#....|#....|#####",
  F: "#####|#....|#....|####.|#....|#....|#....",
  G: ".###.|#...#|#....|#.###|#...#|#...#|.####",
  H: "#...#|#...#|#...#|#####|#...#|#...#|#...#",
  I: ".###.|..#..|..#..|..#..|..#..|..#..|.###.",
  J: "..###|...#.|...#.|...#.|...#.|#..#.|.##..",
  K: "#...#|#..#.|#.#..|##...|#.#..|#..#.|#...#",
  L: "#....|#....|#....|#....|#....|#....|#####",
  M: "#...#|##.##|#.#.#|#.#.#|#...#|#...#|#...#",
  N: "#...#|#...#|##..#|#.#.#|#..##|#...#|#...#",
  O: ".###.|#...#|#...#|#...#|#...#|#...#|.###.",
  P: "####.|#...#|#...#|####.|#....|#....|#....",
  Q: ".###.|#...#|#...#|#...#|#.#.#|#..#.|.##.#",
  R: "####.|#...#|#...#|####.|#.#..|#..#.|#...#",
  S: ".####|#....|#....|.###.|....#|....#|####.",
  T: "#####|..#..|..#..|..#..|..#..|..#..|..#..",
  U: "#...#|#...#|#...#|#...#|#...#|#...#|.###.",
  V: "#...#|#...#|#...#|#...#|#...#|.#.#.|..#..",
  W: "#...#|#...#|#...#|#.#.#|#.#.#|#.#.#|.#.#.",
  X: "#...#|#...#|.#.#.|..#..|.#.#.|#...#|#...#",
  Y: "#...#|#...#|.#.#.|..#..|..#..|..#..|..#..",
  Z: "#####|....#|...#.|..#..|.#...|#....|#####",
  a: ".....|.....|.###.|....#|.####|#...#|.####",
  b: "#....|#....|#.##.|##..#|#...#|#...#|####.",
  c: ".....|.....|.###.|#....|#....|#...#|.###.",
  d: "....#|....#|.##.#|#..##|#...#|#...#|.####",
  e: ".....|.....|.###.|#...#|#####|#....|.###.",
  f: "..##.|.#..#|.#...|###..|.#...|.#...|.#...",
  g: ".....|.....|.####|#...#|#...#|#...#|.####|....#|.###.",
  h: "#....|#....|#.##.|##..#|#...#|#...#|#...#",
  i: "..#..|.....|.##..|..#..|..#..|..#..|.###.",
  j: "...#.|.....|..##.|...#.|...#.|...#.|...#.|#..#.|.##..",
  k: "#....|#....|#..#.|#.#..|##...|#.#..|#..#.",
  l: ".##..|..#..|..#..|..#..|..#..|..#..|.###.",
  m: ".....|.....|##.#.|#.#.#|#.#.#|#...#|#...#",
  n: ".....|.....|#.##.|##..#|#...#|#...#|#...#",
  o: ".....|.....|.###.|#...#|#...#|#...#|.###.",
  p: ".....|.....|####.|#...#|#...#|#...#|####.|#....|#....",
  q: ".....|.....|.####|#...#|#...#|#...#|.####|....#|....#",
  r: ".....|.....|#.##.|##..#|#....|#....|#....",
  s: ".....|.....|.###.|#....|.###.|....#|####.",
  t: ".#...|.#...|###..|.#...|.#...|.#..#|..##.",
  u: ".....|.....|#...#|#...#|#...#|#..##|.##.#",
  v: ".....|.....|#...#|#...#|#...#|.#.#.|..#..",
  w: ".....|.....|#...#|#...#|#.#.#|#.#.#|.#.#.",
  x: ".....|.....|#...#|.#.#.|..#..|.#.#.|#...#",
  y: ".....|.....|#...#|#...#|#...#|#...#|.####|....#|.###.",
  z: ".....|.....|#####|...#.|..#..|.#...|#####",
  "0": ".###.|#...#|#..##|#.#.#|##..#|#...#|.###.",
  "1": "..#..|.##..|..#..|..#..|..#..|..#..|.###.",
  "2": ".###.|#...#|....#|...#.|..#..|.#...|#####",
  "3": "#####|...#.|..#..|...#.|....#|#...#|.###.",
  "4": "...#.|..##.|.#.#.|#..#.|#####|...#.|...#.",
  "5": "#####|#....|####.|....#|....#|#...#|.###.",
  "6": "..##.|.#...|#....|####.|#...#|#...#|.###.",
  "7": "#####|....#|...#.|..#..|.#...|.#...|.#...",
  "8": ".###.|#...#|#...#|.###.|#...#|#...#|.###.",
  "9": ".###.|#...#|#...#|.####|....#|...#.|.##..",
  "(": "...#.|..#..|.#...|.#...|.#...|..#..|...#.",
  ")": ".#...|..#..|...#.|...#.|...#.|..#..|.#...",
  "-": ".....|.....|.....|#####",
  ".": ".....|.....|.....|.....|.....|.##..|.##..",
  ",": ".....|.....|.....|.....|.....|.##..|..#..|.#...",
  "'": ".##..|..#..|.#...",
  "&": ".##..|#..#.|#.#..|.#...|#.#.#|#..#.|.##.#",
  ":": ".....|.##..|.##..|.....|.##..|.##..",
  "/": ".....|....#|...#.|..#..|.#...|#....",
  "!": "..#..|..#..|..#..|..#..|..#..|.....|..#..",
  "?": ".###.|#...#|....#|...#.|..#..|.....|..#..",
  "+": ".....|..#..|..#..|#####|..#..|..#..",
  "_": ".....|.....|.....|.....|.....|.....|.....|#####",
};

const GLYPH_WIDTH = 5;
const GLYPH_ROWS = 9;
/** Pixels per font pixel. */
const SCALE = 3;
const PADDING = 8;
/** The header's logo height (what the SVG logo had). */
export const LOGO_HEIGHT = 40;
/** At most this many characters are drawn (Cognito takes assets of up to 1,000,000 base64 characters). */
export const MAX_LOGO_CHARACTERS = 60;

/** The characters drawn for a product name: accents dropped, anything without a glyph as "?". */
export function logoCharacters(text: string): string[] {
  const plain = text.normalize("NFKD").replace(/\p{M}/gu, "");
  return [...plain].map((ch) => (ch in GLYPHS ? ch : /\s/.test(ch) ? " " : "?")).slice(0, MAX_LOGO_CHARACTERS);
}

/** The ink of one glyph as rows of booleans. */
function glyph(ch: string): boolean[][] {
  const rows = GLYPHS[ch]!.split("|").filter((r) => r !== "");
  return Array.from({ length: GLYPH_ROWS }, (_, y) => Array.from({ length: GLYPH_WIDTH }, (_, x) => rows[y]?.[x] === "#"));
}

export interface Bitmap {
  width: number;
  height: number;
  /** One boolean per pixel, row by row: ink or not. */
  ink: boolean[];
}

/** The text drawn into a bitmap of LOGO_HEIGHT pixels, left-aligned with a margin. */
export function renderText(text: string): Bitmap {
  const chars = logoCharacters(text);
  const advance = (GLYPH_WIDTH + 1) * SCALE;
  const width = Math.max(1, PADDING * 2 + chars.length * advance - SCALE);
  const height = LOGO_HEIGHT;
  const top = Math.floor((height - GLYPH_ROWS * SCALE) / 2);
  const ink = new Array<boolean>(width * height).fill(false);
  chars.forEach((ch, i) => {
    glyph(ch).forEach((row, gy) =>
      row.forEach((on, gx) => {
        if (!on) return;
        for (let dy = 0; dy < SCALE; dy++) {
          for (let dx = 0; dx < SCALE; dx++) ink[(top + gy * SCALE + dy) * width + PADDING + i * advance + gx * SCALE + dx] = true;
        }
      }),
    );
  });
  return { width, height, ink };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** A zlib stream of stored (uncompressed) deflate blocks: the same bytes whatever zlib Node bundles. */
function zlibStored(data: Uint8Array): Buffer {
  const parts: Buffer[] = [Buffer.from([0x78, 0x01])];
  for (let offset = 0; offset < data.length || offset === 0; offset += 65535) {
    const block = data.subarray(offset, offset + 65535);
    const last = offset + 65535 >= data.length;
    const header = Buffer.alloc(5);
    header[0] = last ? 1 : 0;
    header.writeUInt16LE(block.length, 1);
    header.writeUInt16LE(~block.length & 0xffff, 3);
    parts.push(header, Buffer.from(block));
    if (data.length === 0) break;
  }
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(adler32(data));
  parts.push(trailer);
  return Buffer.concat(parts);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA PNG of the bitmap: `colour` (RRGGBB) where there is ink, transparent elsewhere. */
export function encodePng(bitmap: Bitmap, colour: string): Buffer {
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(colour.slice(i, i + 2), 16));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(bitmap.width, 0);
  header.writeUInt32BE(bitmap.height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), deflate, adaptive filtering, no interlace
  const stride = bitmap.width * 4 + 1;
  const raw = new Uint8Array(stride * bitmap.height);
  for (let y = 0; y < bitmap.height; y++) {
    raw[y * stride] = 0; // filter: none
    for (let x = 0; x < bitmap.width; x++) {
      if (!bitmap.ink[y * bitmap.width + x]) continue;
      raw.set([r!, g!, b!, 255], y * stride + 1 + x * 4);
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", zlibStored(raw)), chunk("IEND", Buffer.alloc(0))]);
}
