/**
 * Where a self-service subscriber's messages point besides their subject, each an absolute URL: the
 * status page, and the subscriber's own manage and one-click unsubscribe pages.
 */
export interface SubscriberLinks {
	pageUrl: string;
	manageUrl: string;
	unsubscribeUrl: string;
}
