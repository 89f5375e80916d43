/**
 * The CAPTCHA's keys and signatures against values computed outside this code base (issue 18):
 * the HKDF keys by OpenSSL's CLI, a whole widget payload by Python's standard library following
 * ALTCHA's v2 format (HMAC-SHA256 over the sorted-key JSON of the parameters, keyed by the hex text
 * of the challenge key; the key signature over the derived key's bytes, keyed by the hex text of
 * the solution key; PBKDF2-SHA256 over nonce ‖ counter as a big-endian uint32).
 */
import type { DynamoDBClient, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { Captcha, CAPTCHA_FAILED, captchaKeys } from "../../api/captcha";

const SECRET = "test-client-secret-never-leaves-the-server";

test("the two HMAC keys are HKDF-SHA256(client secret, no salt, info 'altcha-hmac'), 64 bytes split in two, as hex text", () => {
  // openssl kdf -keylen 64 -kdfopt digest:SHA256 -kdfopt key:test-client-secret-never-leaves-the-server -kdfopt info:altcha-hmac HKDF
  expect(captchaKeys(SECRET)).toEqual({
    challengeKey: "0861e48cd6a51c9f28d27391a09c76da6d351ce161e4513daa91d5a85824f38a",
    solutionKey: "8881a4c83a914dfeef9572a6ab76f05783180180fbc24f96a6c51dc76c04d1a9",
  });
});

/*
 * python3:
 *   ck, sk = "0861e48c…5824f38a", "8881a4c8…6c04d1a9"
 *   nonce, salt, counter = bytes(range(16)), bytes(range(16, 32)), 3
 *   derived = hashlib.pbkdf2_hmac("sha256", nonce + counter.to_bytes(4, "big"), salt, 1000, 32)
 *   params = {"algorithm": "PBKDF2/SHA-256", "cost": 1000, "expiresAt": 4102444800, "keyLength": 32,
 *             "keyPrefix": derived[:2].hex(), "keySignature": hmac.new(sk.encode(), derived, hashlib.sha256).hexdigest(),
 *             "nonce": nonce.hex(), "salt": salt.hex()}
 *   sig = hmac.new(ck.encode(), json.dumps(params, sort_keys=True, separators=(",", ":")).encode(), hashlib.sha256).hexdigest()
 *   base64.b64encode(json.dumps({"challenge": {"parameters": params, "signature": sig},
 *                                "solution": {"counter": counter, "derivedKey": derived.hex()}}, separators=(",", ":")).encode())
 */
const PAYLOAD =
  "eyJjaGFsbGVuZ2UiOnsicGFyYW1ldGVycyI6eyJhbGdvcml0aG0iOiJQQktERjIvU0hBLTI1NiIsImNvc3QiOjEwMDAsImV4cGlyZXNBdCI6NDEwMjQ0NDgwMCwia2V5TGVuZ3RoIjozMiwia2V5UHJlZml4IjoiNGFmMyIsImtleVNpZ25hdHVyZSI6IjE5MmMxNTliOGQ2YWJlYjFhMzdmMWMxNzQ5OWNlNDBmZjM4OGMyNDVjMmU0MTg4NDQzNzk1N2M4NGEyZWFlNzMiLCJub25jZSI6IjAwMDEwMjAzMDQwNTA2MDcwODA5MGEwYjBjMGQwZTBmIiwic2FsdCI6IjEwMTExMjEzMTQxNTE2MTcxODE5MWExYjFjMWQxZTFmIn0sInNpZ25hdHVyZSI6ImY2Yzk3ZTEzMzE4NDhiYThlZDVmZjhhMjM3Nzc1NTZjYWYzNTdhZTczZDk3YzYwMTZlMWRiM2EwNDkwN2ZlOGMifSwic29sdXRpb24iOnsiY291bnRlciI6MywiZGVyaXZlZEtleSI6IjRhZjM0ZWJiMTZiZDcwYzMyN2U2ZDI5YWNiYzY1ODBjMGU3NTVjOTRmZjQxYWU1YjBmMmM4NTUyOThiMGUzZTcifX0=";
const SIGNATURE = "f6c97e1331848ba8ed5ff8a23777556caf357ae73d97c6016e1db3a04907fe8c";

function captchaWithTable(secret = SECRET) {
  const sent: UpdateItemCommand["input"][] = [];
  const dynamo = { send: async (command: UpdateItemCommand) => (sent.push(command.input), {}) } as unknown as DynamoDBClient;
  return { captcha: new Captcha(secret, dynamo, "limits-table", () => 1_700_000_000_000), sent };
}

test("a payload made by an independent implementation of the widget's answer is accepted, and its use recorded once with the challenge's expiry", async () => {
  // Prepare
  const { captcha, sent } = captchaWithTable();
  // Act
  await captcha.verifyOnce(PAYLOAD);
  // Assess
  expect(sent).toEqual([
    {
      TableName: "limits-table",
      Key: { pk: { S: `altcha#${SIGNATURE}` } },
      UpdateExpression: "SET expiresAt = :expires",
      ConditionExpression: "attribute_not_exists(pk)",
      ExpressionAttributeValues: { ":expires": { N: String(4102444800 + 60) } },
    },
  ]);
});

test("the same payload under another client secret is refused before anything is recorded", async () => {
  // Prepare
  const { captcha, sent } = captchaWithTable("another-client-secret");
  // Act / Assess
  await expect(captcha.verifyOnce(PAYLOAD)).rejects.toMatchObject({ status: 400, detail: CAPTCHA_FAILED });
  expect(sent).toEqual([]);
});
