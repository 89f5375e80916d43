/**
 * Sends a request as exact bytes over a socket and reads one HTTP/1.1 response
 * (Content-Length or chunked). The reference-example tests use it to send what curl and
 * Python's requests put on the wire, header for header, rather than what fetch would.
 */
import { connect } from "node:net";

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function rawRequest(url: string, bytes: string): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.setTimeout(10_000, () => socket.destroy(new Error("no answer in 10 s")));
    let buffer = Buffer.alloc(0);
    const finish = (response: RawResponse) => {
      socket.destroy();
      resolve(response);
    };
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const response = parse(buffer);
      if (response) finish(response);
    });
    socket.on("error", reject);
    socket.on("end", () => reject(new Error(`connection closed before a whole response: ${buffer.toString("latin1").slice(0, 200)}`)));
    socket.write(bytes);
  });
}

function parse(buffer: Buffer): RawResponse | undefined {
  const headEnd = buffer.indexOf("\r\n\r\n");
  if (headEnd < 0) return undefined;
  const [statusLine, ...lines] = buffer.subarray(0, headEnd).toString("latin1").split("\r\n");
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine ?? "")?.[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = buffer.subarray(headEnd + 4);
  if (headers["transfer-encoding"] === "chunked") {
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const lineEnd = rest.indexOf("\r\n", at);
      if (lineEnd < 0) return undefined;
      const size = parseInt(rest.subarray(at, lineEnd).toString("latin1"), 16);
      if (size === 0) return { status, headers, body: Buffer.concat(parts).toString("utf8") };
      if (rest.length < lineEnd + 2 + size + 2) return undefined;
      parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
  }
  const length = Number(headers["content-length"] ?? 0);
  return rest.length >= length ? { status, headers, body: rest.subarray(0, length).toString("utf8") } : undefined;
}
