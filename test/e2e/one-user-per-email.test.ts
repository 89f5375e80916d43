/**
 * Parallel sign-ups of one email make exactly one user, as Cognito guarantees: through the
 * API, and straight at cognito-local (the Hosted UI's path), whatever the case of the
 * address in this case-insensitive pool. Counted with ListUsers against cognito-local.
 */
import { AdminCreateUserCommand, ListUsersCommand, SignUpCommand } from "@aws-sdk/client-cognito-identity-provider";
import { RELAXED_LIMITS, stackTimeout, startStack, STRONG_PASSWORD, uniqueEmail, type RunningStack } from "./local-stack";

let stack: RunningStack;
beforeAll(async () => {
  stack = await startStack(RELAXED_LIMITS);
}, stackTimeout());
afterAll(() => stack?.stop());

/** The users whose email, lower-cased, is `email`'s. */
async function usersWithEmail(email: string): Promise<number> {
  const { Users } = await stack.cognito.send(new ListUsersCommand({ UserPoolId: stack.userPoolId }));
  return (Users ?? []).filter((u) => u.Attributes?.find((a) => a.Name === "email")?.Value?.toLowerCase() === email.toLowerCase()).length;
}

test.each([10, 20])("%i registrations of one email at once through the API, each with its own password: one 201, one user", async (count) => {
  const email = uniqueEmail(`same${count}`);
  const statuses = await Promise.all(
    Array.from({ length: count }, (_, i) => stack.post("/api/auth/register", { email, password: `${STRONG_PASSWORD}-${i}`, name: "Same Person" }).then((r) => r.status)),
  );
  expect(statuses.filter((s) => s === 201)).toHaveLength(1);
  expect(statuses.filter((s) => s !== 201 && s !== 400)).toEqual([]);
  expect(await usersWithEmail(email)).toBe(1);
}, 60_000);

test("the same registration sent 10 times at once (a client retrying): every answer names the one account made", async () => {
  const email = uniqueEmail("retried");
  const answers = await Promise.all(Array.from({ length: 10 }, () => stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "Same Person" })));
  const created = answers.filter((a) => a.status === 201);
  expect(answers.filter((a) => a.status !== 201 && a.status !== 400)).toEqual([]);
  expect(created.length).toBeGreaterThanOrEqual(1);
  expect(new Set(created.map((a) => a.body.user_id)).size).toBe(1);
  expect(await usersWithEmail(email)).toBe(1);
}, 60_000);

test.each([10, 20])("%i SignUps of one email at once straight at cognito-local, in mixed case: one user", async (count) => {
  const email = uniqueEmail(`direct${count}`);
  const spelling = (i: number) => (i % 3 === 0 ? email.toUpperCase() : i % 3 === 1 ? email : email[0]!.toUpperCase() + email.slice(1));
  const results = await Promise.allSettled(
    Array.from({ length: count }, (_, i) =>
      stack.secretHash(stack.hostedUiClientId, spelling(i)).then((SecretHash) =>
        stack.cognito.send(new SignUpCommand({ ClientId: stack.hostedUiClientId, SecretHash, Username: spelling(i), Password: STRONG_PASSWORD, UserAttributes: [{ Name: "name", Value: "Direct" }] })),
      ),
    ),
  );
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  for (const r of results) if (r.status === "rejected") expect((r.reason as Error).name).toBe("UsernameExistsException");
  expect(await usersWithEmail(email)).toBe(1);
}, 60_000);

test("an administrator's AdminCreateUser racing sign-ups of the same email still makes one user", async () => {
  const email = uniqueEmail("admin-race");
  const results = await Promise.allSettled([
    ...Array.from({ length: 5 }, () => stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "Raced" })),
    ...Array.from({ length: 5 }, () =>
      stack.cognito.send(new AdminCreateUserCommand({ UserPoolId: stack.userPoolId, Username: email, MessageAction: "SUPPRESS", UserAttributes: [{ Name: "email", Value: email }] })),
    ),
  ]);
  expect(results.filter((r) => r.status === "fulfilled" && ("status" in r.value ? r.value.status === 201 : true))).toHaveLength(1);
  expect(await usersWithEmail(email)).toBe(1);
}, 60_000);

test("different emails at once are not held up by each other: all of them are made", async () => {
  const emails = Array.from({ length: 10 }, () => uniqueEmail("distinct"));
  const statuses = await Promise.all(emails.map((email) => stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "Distinct" }).then((r) => r.status)));
  expect(statuses).toEqual(emails.map(() => 201));
  for (const email of emails) expect(await usersWithEmail(email)).toBe(1);
}, 60_000);

test("a SignUp straight at cognito-local with another Username but a taken email attribute is refused: one user per email", async () => {
  // Prepare
  const email = uniqueEmail("taken");
  expect((await stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "First Owner" })).status).toBe(201);
  // Act
  const other = uniqueEmail("other");
  const attempt = stack.cognito.send(
    new SignUpCommand({
      ClientId: stack.hostedUiClientId,
      SecretHash: await stack.secretHash(stack.hostedUiClientId, other),
      Username: other,
      Password: STRONG_PASSWORD,
      UserAttributes: [{ Name: "email", Value: email }, { Name: "name", Value: "Second" }],
    }),
  );
  // Assess
  await expect(attempt).rejects.toMatchObject({ name: "InvalidParameterException" });
  expect(await usersWithEmail(email)).toBe(1);
}, 60_000);
