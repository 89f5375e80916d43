/** local/adapters/change-password.ts on its own: cognito-local's ChangePassword, answering a wrong current password as AWS does. */
import { changePassword } from "../../local/adapters/change-password";
import { fakeJwt } from "../api/support";

const user = { Username: "sub-1", Password: "Tangerine-Orbit-Velvet-73" };
const services = { cognito: { getUserPoolForClientId: async () => ({ getUserByUsername: async (_ctx: unknown, name: string) => (name === "sub-1" ? user : null) }) } };
const token = fakeJwt({ client_id: "client-1", username: "sub-1", token_use: "access" });

function adapter() {
  const calls: unknown[] = [];
  const base = (target: string) => async (_ctx: unknown, req: unknown) => (calls.push([target, req]), {});
  return { route: changePassword(services as never, base as never), calls };
}

test("a wrong current password is NotAuthorizedException, and cognito-local is not asked", async () => {
  const { route, calls } = adapter();
  await expect(route({} as never, { AccessToken: token, PreviousPassword: "wrong", ProposedPassword: "Lantern#Quartz-Meadow-58" } as never)).rejects.toMatchObject({
    code: "NotAuthorizedException",
    message: "Incorrect username or password.",
  });
  expect(calls).toEqual([]);
});

test("the right current password, an unknown user or a malformed token go to cognito-local as they are", async () => {
  const { route, calls } = adapter();
  const right = { AccessToken: token, PreviousPassword: user.Password, ProposedPassword: "Lantern#Quartz-Meadow-58" };
  const unknown = { ...right, AccessToken: fakeJwt({ client_id: "client-1", username: "nobody" }), PreviousPassword: "x" };
  const malformed = { ...right, AccessToken: "not-a-token" };
  for (const req of [right, unknown, malformed]) await route({} as never, req as never);
  expect(calls).toEqual([
    ["ChangePassword", right],
    ["ChangePassword", unknown],
    ["ChangePassword", malformed],
  ]);
});
