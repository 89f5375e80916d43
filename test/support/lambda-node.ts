/**
 * The Node.js that the Lambda functions run (infra/components/bundled-function.ts sets the
 * runtime), which need not be the Node running the tests: the bundles are built for and tested
 * on this one. The binary comes from the npm registry's node-<platform>-<arch> package, the same
 * release Node's own downloads carry, fetched once into node_modules/.cache/lambda-node.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "../..");
const cache = join(root, "node_modules/.cache/lambda-node");

/** The major version of `runtime: aws.lambda.Runtime.NodeJS<major>dX` in the infrastructure. */
export function lambdaNodeMajor(): number {
  const source = readFileSync(join(root, "infra/components/bundled-function.ts"), "utf8");
  const runtimes = new Set([...source.matchAll(/Runtime\.NodeJS(\d+)dX/g)].map((m) => Number(m[1])));
  if (runtimes.size !== 1) throw new Error(`infra/components/bundled-function.ts names ${runtimes.size} Node.js runtimes, expected one`);
  return [...runtimes][0]!;
}

/** The path of a `node` of the Lambda runtime's major version, downloaded on first use (about 30 MB). */
export function lambdaNodeBinary(major = lambdaNodeMajor()): string {
  const folder = join(cache, String(major));
  const binary = join(folder, "package", "bin", process.platform === "win32" ? "node.exe" : "node");
  if (existsSync(binary)) return binary;
  const pkg = `node-${process.platform === "win32" ? "win" : process.platform}-${process.arch}@${major}`;
  const partial = `${folder}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  execFileSync("npm", ["pack", pkg, "--pack-destination", partial, "--silent"], { cwd: partial, stdio: ["ignore", "ignore", "pipe"] });
  const tarball = readdirSync(partial).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack ${pkg} wrote no tarball into ${partial}`);
  execFileSync("tar", ["xzf", tarball], { cwd: partial });
  rmSync(join(partial, tarball));
  // Renamed into place only once whole, so an interrupted download is fetched again.
  rmSync(folder, { recursive: true, force: true });
  renameSync(partial, folder);
  return binary;
}
