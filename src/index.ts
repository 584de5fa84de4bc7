import { createApp } from "./app";
import { runStatusJobs } from "./jobs/run-status-jobs";

const app = createApp();

export default {
	fetch: app.fetch,
	// Cron Trigger (wrangler.toml): partner poller, prober and maintenance expiry, every minute.
	async scheduled(controller, env, _ctx) {
		await runStatusJobs(env, new Date(controller.scheduledTime));
	},
} satisfies ExportedHandler<Env>;
