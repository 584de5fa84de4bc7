import { statusTitle } from "../../domain/page-identity";
import { PAGE_PATHS } from "../../paths";
import type { PageAssets } from "./assets";
import { Document } from "./parts/document";

export interface NotFoundPageView {
	pageName: string;
	timeZone: string;
	/** What was looked for, in words: "No incident has this id." */
	message: string;
	assets: PageAssets;
	readAt: number;
}

/** The page a person sees for an address that names nothing: what was not found, and the way home. */
export function NotFoundPage({ pageName, timeZone, message, assets, readAt }: NotFoundPageView) {
	return (
		<Document
			title={`Not found · ${statusTitle(pageName)}`}
			pageName={pageName}
			etag=""
			assets={assets}
			readAt={readAt}
			timeZone={timeZone}
			home={false}
		>
			<h1>Not found</h1>
			<p>{message}</p>
			<p>
				<a href={PAGE_PATHS.home}>Back to the status page</a>
			</p>
		</Document>
	);
}
