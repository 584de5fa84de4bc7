import { createApp } from "./app";
import { answerFromIsolate, rememberInIsolate } from "./http/isolate-cache";
import { answerMarketTimeNow } from "./http/market-time-now";
import { runStatusJobs } from "./jobs/run-status-jobs";

const app = createApp();

async function route(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
	return rememberInIsolate(request, await app.fetch(request, env, ctx), env);
}

export default {
	// The public page's hottest answers are served before routing, and synchronously.
	fetch(request, env, ctx) {
		return answerFromIsolate(request, env) ?? answerMarketTimeNow(request) ?? route(request, env, ctx);
	},
	// Cron Trigger (wrangler.toml): partner poller, prober and maintenance expiry, every minute.
	async scheduled(controller, env, _ctx) {
		await runStatusJobs(env, new Date(controller.scheduledTime));
	},
} satisfies ExportedHandler<Env>;
