/** The pages' static files: cached for a year only under the URL that names their content. */
import { buildTestApp } from "./support";

test("an asset is immutable at its versioned URL and revalidated at any other", async () => {
  const t = buildTestApp();
  const page = await (await t.app.request("/login")).text();
  const versioned = /src="(\/assets\/pages\.js\?v=[0-9a-f]{12})"/.exec(page)![1]!;
  const cacheControl = async (url: string) => {
    const response = await t.app.request(url);
    expect([url, response.status]).toEqual([url, 200]);
    return response.headers.get("cache-control");
  };
  expect(await cacheControl(versioned)).toBe("public, max-age=31536000, immutable");
  expect(await cacheControl("/assets/pages.js")).toBe("no-cache");
  expect(await cacheControl("/assets/pages.js?v=000000000000")).toBe("no-cache");
  expect(await cacheControl("/assets/altcha-pbkdf2.js")).toBe("no-cache");
});
