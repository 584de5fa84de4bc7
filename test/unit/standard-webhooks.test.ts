import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { newSecret, secretKey, signatureOf, signedHeaders } from "../../src/lib/standard-webhooks";

// The signer against the spec's own test vector and against the reference library, as a receiver
// would verify (standardwebhooks, a test dependency only).

describe("Standard Webhooks signing", () => {
	it("reproduces the reference library's test vector", async () => {
		const signature = await signatureOf("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", {
			id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
			timestamp: 1614265330,
			body: '{"test": 2432232314}',
		});
		expect(signature).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	});

	it("signs what the reference receiver verifies, with either secret during a rotation", async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.string({ minLength: 1, maxLength: 40 }).filter((id) => !id.includes(".")),
				fc.json({ maxDepth: 3 }),
				async (id, body) => {
					const [old, next] = [newSecret(), newSecret()];
					const timestamp = Math.floor(Date.now() / 1000);
					const headers = await signedHeaders([old, next], { id, timestamp, body });
					expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
					for (const secret of [old, next]) expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
					expect(() => new Webhook(newSecret()).verify(body, headers)).toThrow();
				},
			),
			{ numRuns: 50 },
		);
	});

	it("a new secret is whsec_ and 32 random bytes; anything else is no secret", () => {
		const secret = newSecret();
		expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
		expect(secretKey(secret)).toHaveLength(32);
		expect(newSecret()).not.toBe(secret);
		for (const notSecret of [
			"",
			"whsec_",
			"whsec_%%%",
			"sk_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
			`whsec_${btoa("short")}`,
		]) {
			expect(secretKey(notSecret)).toBeNull();
		}
	});
});
