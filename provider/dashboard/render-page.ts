import { DASHBOARD_STYLE } from './dashboard-style';

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface PageOptions {
	title: string;
	/** Which client view the script starts (overview, settings, deliveries, ...). */
	view: string;
	/** Data for the client script, embedded as JSON (no request needed to read it). */
	data: Record<string, unknown>;
	/** Server-rendered body; the client script fills in what comes from the admin API. */
	body: string;
	/** Breadcrumb trail above the heading: [label, href] pairs. */
	trail?: [string, string][];
}

/**
 * One dashboard page: plain HTML, one local stylesheet and one local script, no fonts or
 * scripts from elsewhere (the machine's network is closed, and a user's may be too).
 */
export function renderPage(options: PageOptions): string {
	// JSON inside <script>: "<" escaped so no value can close the element.
	const data = JSON.stringify(options.data).replace(/</g, '\\u003c');
	const trail = (options.trail ?? [])
		.map(([label, href]) => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a> ›`)
		.join(' ');
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)} · hookbridge reference provider</title>
<style>${DASHBOARD_STYLE}</style>
</head>
<body data-view="${escapeHtml(options.view)}">
<header class="top"><a href="/" class="brand">hookbridge reference provider</a><span class="note">local stand-in for the providers it impersonates</span></header>
<main>
${trail ? `<nav aria-label="Breadcrumb" class="trail">${trail}</nav>` : ''}
<h1>${escapeHtml(options.title)}</h1>
<p id="status" role="status" aria-live="polite" class="status"></p>
${options.body}
</main>
<script type="application/json" id="page-data">${data}</script>
<script src="/dashboard/app.js"></script>
</body>
</html>
`;
}
