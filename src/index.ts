import { createApp } from "./app";
import { answerBeforeRouting } from "./http/cache/early-answers";
import { rememberInIsolate } from "./http/cache/isolate-cache";
import { runStatusJobs } from "./jobs/run-status-jobs";

const app = createApp();

async function route(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
	return rememberInIsolate(request, await app.fetch(request, env, ctx), env);
}

export default {
	// The public page's hottest answers are served before routing, and synchronously.
	fetch(request, env, ctx) {
		return answerBeforeRouting(request, env) ?? route(request, env, ctx);
	},
	// Cron Trigger (wrangler.toml): partner poller, prober and maintenance expiry, every minute.
	async scheduled(controller, env, _ctx) {
		await runStatusJobs(env, new Date(controller.scheduledTime));
	},
} satisfies ExportedHandler<Env>;
