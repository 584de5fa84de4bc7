// The page's one script, served as a file of its own under its content hash (the CSP allows no
// inline script). Without it the page still works: a <noscript> meta refresh reloads it every
// minute. With it, the page says how long ago it was last checked, and every minute revalidates
// itself with its ETag and swaps in only the parts that changed (the reader's place stays put).
// Plain ES2017 for every browser a status page must reach; no framework.

/** How often the page revalidates itself, in seconds (the no-script refresh uses the same). */
export const REFRESH_SECONDS = 60;

export const REFRESH_SCRIPT = `"use strict";
(function () {
	var root = document.documentElement;
	var updated = document.getElementById("updated");
	var etag = root.getAttribute("data-etag");
	var checkedAt = Date.now();

	function ago(seconds) {
		if (seconds < 60) return seconds + (seconds === 1 ? " second ago" : " seconds ago");
		var minutes = Math.floor(seconds / 60);
		return minutes + (minutes === 1 ? " minute ago" : " minutes ago");
	}
	function tell() {
		if (updated) updated.textContent = ago(Math.max(0, Math.round((Date.now() - checkedAt) / 1000)));
	}
	function swap(next) {
		var parts = document.querySelectorAll("[data-part]");
		for (var i = 0; i < parts.length; i++) {
			var part = parts[i];
			var fresh = next.getElementById(part.id);
			if (fresh && fresh.innerHTML !== part.innerHTML) part.innerHTML = fresh.innerHTML;
		}
		if (next.title) document.title = next.title;
	}
	function revalidate() {
		fetch(location.href, { cache: "no-cache", headers: { Accept: "text/html" }, credentials: "same-origin" })
			.then(function (response) {
				if (!response.ok) return;
				var tag = response.headers.get("ETag");
				checkedAt = Date.now();
				tell();
				if (tag === etag) return;
				return response.text().then(function (html) {
					etag = tag;
					swap(new DOMParser().parseFromString(html, "text/html"));
				});
			})
			.catch(function () {});
	}
	if (updated) {
		var stamped = Date.parse(updated.getAttribute("datetime") || "");
		if (!isNaN(stamped)) checkedAt = Math.min(Date.now(), stamped);
	}
	tell();
	setInterval(tell, 1000);
	setInterval(revalidate, ${REFRESH_SECONDS * 1000});
})();
`;
