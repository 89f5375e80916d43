/**
 * The managed login header logo is a PNG (Cognito validates SVG assets and refuses some of their
 * content): a well-formed file that an independent decoder (Node's zlib) reads back to the text
 * drawn, the same bytes for the same name, within Cognito's asset size.
 */
import { crc32 as zlibCrc32, inflateSync } from "node:zlib";
import { encodePng, LOGO_HEIGHT, logoCharacters, MAX_LOGO_CHARACTERS, renderText } from "../../infra/header-logo";
import { productNameLogo } from "../../infra/managed-login-style";

/** The chunks of a PNG, each CRC checked with zlib's own CRC-32. */
function chunks(png: Buffer): Array<{ type: string; data: Buffer }> {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const found: Array<{ type: string; data: Buffer }> = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString("latin1");
    const data = png.subarray(at + 8, at + 8 + length);
    expect([type, png.readUInt32BE(at + 8 + length)]).toEqual([type, zlibCrc32(png.subarray(at + 4, at + 8 + length))]);
    found.push({ type, data });
    at += 12 + length;
  }
  return found;
}

test("a well-formed RGBA PNG whose pixels zlib reads back as the text drawn, white on transparent", () => {
  const bitmap = renderText("IGAD Hub");
  const png = encodePng(bitmap, "ffffff");
  const parts = chunks(png);
  expect(parts.map((c) => c.type)).toEqual(["IHDR", "IDAT", "IEND"]);
  const header = parts[0]!.data;
  expect([header.readUInt32BE(0), header.readUInt32BE(4), ...header.subarray(8)]).toEqual([bitmap.width, LOGO_HEIGHT, 8, 6, 0, 0, 0]);
  const raw = inflateSync(parts[1]!.data);
  const stride = bitmap.width * 4 + 1;
  expect(raw.length).toBe(stride * LOGO_HEIGHT);
  let ink = 0;
  for (let y = 0; y < LOGO_HEIGHT; y++) {
    expect(raw[y * stride]).toBe(0);
    for (let x = 0; x < bitmap.width; x++) {
      const pixel = [...raw.subarray(y * stride + 1 + x * 4, y * stride + 5 + x * 4)];
      expect(pixel).toEqual(bitmap.ink[y * bitmap.width + x] ? [255, 255, 255, 255] : [0, 0, 0, 0]);
      if (pixel[3]) ink++;
    }
  }
  expect(ink).toBeGreaterThan(100);
});

test("the same name gives the same bytes (no change, so no replacement, at the next up); another name other bytes", () => {
  expect(productNameLogo("IGAD Innovation Hub").bytes).toBe(productNameLogo("IGAD Innovation Hub").bytes);
  expect(productNameLogo("IGAD Innovation Hub").bytes).not.toBe(productNameLogo("IGAD Innovation Hub (dev)").bytes);
  expect(productNameLogo("IGAD Innovation Hub")).toMatchObject({ category: "PAGE_HEADER_LOGO", colorMode: "LIGHT", extension: "PNG" });
});

test("accents are dropped, what the font lacks is drawn as ?, and the longest name stays within Cognito's 1,000,000 base64 characters", () => {
  expect(logoCharacters("Hub régional – Ω").join("")).toBe("Hub regional ? ?");
  const longest = productNameLogo("W".repeat(500));
  expect(logoCharacters("W".repeat(500))).toHaveLength(MAX_LOGO_CHARACTERS);
  expect(longest.bytes.length).toBeLessThan(1_000_000);
  // A large PNG spans several stored deflate blocks: zlib must still read it whole.
  expect(() => inflateSync(chunks(Buffer.from(longest.bytes, "base64"))[1]!.data)).not.toThrow();
});
