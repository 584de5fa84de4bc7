/** URLs with their query strings and fragments cut, for logs and details: they may carry credentials. */
export function redactUrls(text: string): string {
	return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/gi, "$1?…");
}
