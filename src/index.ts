import { createApp } from "./app";
import { answerFromIsolate, rememberInIsolate } from "./http/isolate-cache";
import { runStatusJobs } from "./jobs/run-status-jobs";

const app = createApp();

export default {
	async fetch(request, env, ctx) {
		// The public reads' hottest answers skip routing altogether (src/http/isolate-cache.ts).
		const remembered = answerFromIsolate(request, env);
		if (remembered) return remembered;
		return rememberInIsolate(request, await app.fetch(request, env, ctx), env);
	},
	// Cron Trigger (wrangler.toml): partner poller, prober and maintenance expiry, every minute.
	async scheduled(controller, env, _ctx) {
		await runStatusJobs(env, new Date(controller.scheduledTime));
	},
} satisfies ExportedHandler<Env>;
