import type { createApp } from "./app";
import { answerBeforeRouting, readBeforeRouting } from "./http/cache/before-routing";
import { rememberInIsolate } from "./http/cache/isolate-layer";

// The router (Hono, Zod, the OpenAPI document) and the jobs are imported on first use: the bundler
// leaves a dynamically imported module's code uninitialized until then, so a new isolate answers
// the public page's reads - the fast path above the router - without evaluating any of it.
let app: Promise<ReturnType<typeof createApp>> | undefined;

function router() {
	app ??= import("./app").then(
		(module) => module.createApp(),
		(error: unknown) => {
			app = undefined;
			throw error;
		},
	);
	return app;
}

async function route(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
	const routed = await (await router()).fetch(request, env, ctx);
	return rememberInIsolate(request, routed, env);
}

export default {
	// The public page's hottest answers are served before routing: synchronously from the isolate,
	// else (the cached public reads) from the Cache API or D1.
	fetch(request, env, ctx) {
		return answerBeforeRouting(request, env) ?? readBeforeRouting(request, env, ctx) ?? route(request, env, ctx);
	},
	// Cron Trigger (wrangler.toml): partner poller, prober, maintenance expiry and the uptime
	// rollup's fold, every minute.
	async scheduled(controller, env, _ctx) {
		const { runScheduled } = await import("./jobs/scheduled");
		await runScheduled(env, new Date(controller.scheduledTime));
	},
	// The notifications queue and its dead-letter queue (wrangler.toml [[queues.consumers]]).
	async queue(batch, env, _ctx) {
		const { consumeDeadLetters, consumeNotifications } = await import("./notify/consumer");
		if (batch.queue.endsWith("-dlq")) await consumeDeadLetters(batch, env);
		else await consumeNotifications(batch, env);
	},
} satisfies ExportedHandler<Env>;
