/**
 * The dashboard's browser script, served as /dashboard/app.js. Plain ES2020 with no build step
 * and no dependency; every action goes through the admin API (/_admin), as the tests do. Values
 * from the API are inserted as text (textContent), never as HTML.
 */
export const DASHBOARD_SCRIPT = String.raw`'use strict';
(function () {
	var page = JSON.parse(document.getElementById('page-data').textContent);
	var statusLine = document.getElementById('status');

	function say(text, bad) {
		statusLine.textContent = text;
		statusLine.className = 'status' + (bad ? ' failed' : '');
	}

	function api(method, path, body) {
		return fetch('/_admin' + path, {
			method: method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		}).then(function (response) {
			return response.text().then(function (text) {
				var json = text ? JSON.parse(text) : {};
				if (!response.ok) {
					var message = (json.error && json.error.message) || 'Request failed (' + response.status + ').';
					throw new Error(message);
				}
				return json;
			});
		});
	}

	function el(tag, attrs, children) {
		var node = document.createElement(tag);
		Object.keys(attrs || {}).forEach(function (key) {
			if (key === 'text') node.textContent = attrs[key];
			else node.setAttribute(key, attrs[key]);
		});
		(children || []).forEach(function (child) {
			if (child) node.appendChild(child);
		});
		return node;
	}

	function table(headers, rows) {
		var head = el('tr', {}, headers.map(function (h) { return el('th', { scope: 'col', text: h }); }));
		return el('table', {}, [el('thead', {}, [head]), el('tbody', {}, rows)]);
	}

	function copyButton(input, button) {
		button.addEventListener('click', function () {
			input.select();
			var done = function () { button.textContent = 'Copied'; say('Secret copied to the clipboard.'); };
			if (navigator.clipboard && window.isSecureContext) {
				navigator.clipboard.writeText(input.value).then(done, function () {
					document.execCommand('copy');
					done();
				});
			} else {
				document.execCommand('copy');
				done();
			}
		});
	}

	function attempts() {
		var box = document.getElementById('attempts');
		if (!box) return Promise.resolve();
		return api('GET', '/' + page.provider + '/deliveries?account=' + encodeURIComponent(page.account) + '&limit=50')
			.then(function (result) {
				box.textContent = '';
				if (result.deliveries.length === 0) {
					box.appendChild(el('p', { class: 'hint', text: 'No delivery attempts yet.' }));
					return;
				}
				box.appendChild(table(
					['Time', 'Event type', 'Attempt', 'Status', 'Response'],
					result.deliveries.map(function (d) {
						var code = d.responseCode === null ? (d.error || 'no response') : String(d.responseCode);
						var body = d.responseBody.length > 120 ? d.responseBody.slice(0, 120) + '…' : d.responseBody;
						return el('tr', {}, [
							el('td', { text: new Date(d.at).toLocaleString() }),
							el('td', { text: d.type }),
							el('td', { text: String(d.attempt) }),
							el('td', { class: d.status === 'succeeded' ? 'ok' : 'failed', text: code }),
							el('td', { class: 'body', text: body }),
						]);
					}),
				));
			})
			.catch(function (error) { say(error.message, true); });
	}

	function overview() {
		page.providers.forEach(loadAccounts);
		createButtons();
	}

	function loadAccounts(provider) {
		{
			var box = document.getElementById('accounts-' + provider.id);
			api('GET', '/' + provider.id + '/accounts').then(function (result) {
				box.textContent = '';
				if (result.accounts.length === 0) {
					box.appendChild(el('p', { class: 'hint', text: 'No accounts yet.' }));
					return;
				}
				box.appendChild(table(['Account', 'Plan', 'Webhooks', 'Pages'], result.accounts.map(function (a) {
					var states = a.webhooks.map(function (w) {
						return w.url + (w.active ? ' (active)' : ' (disabled' + (w.disabledReason ? ': ' + w.disabledReason : '') + ')');
					});
					var base = '/dashboard/' + provider.id + '/' + encodeURIComponent(a.id);
					var links = el('td', {}, [
						provider.mode === 'dashboard'
							? el('a', { href: base + '/settings', text: provider.settings })
							: null,
						provider.mode === 'dashboard' ? document.createTextNode(' · ') : null,
						el('a', { href: base + '/deliveries', text: 'Delivery log' }),
						document.createTextNode(' · '),
						el('a', { href: base + '/emit', text: 'Emit event' }),
					]);
					return el('tr', {}, [
						el('td', { text: a.id }),
						el('td', { text: a.plan }),
						el('td', { text: states.length ? states.join(', ') : 'none' }),
						links,
					]);
				})));
			}).catch(function (error) { say(error.message, true); });
		}
	}

	function createButtons() {
		Array.prototype.forEach.call(document.querySelectorAll('[data-create]'), function (button) {
			button.addEventListener('click', function () {
				var id = button.getAttribute('data-create');
				api('POST', '/accounts', { provider: id }).then(function (created) {
					var box = document.getElementById('created-' + id);
					box.textContent = '';
					box.hidden = false;
					box.appendChild(el('p', { text: 'Account ' + created.id + ' created.' }));
					var provider = page.providers.filter(function (p) { return p.id === id; })[0];
					loadAccounts(provider);
					if (provider.mode === 'api') {
						var input = el('input', { type: 'text', readonly: 'readonly', id: 'key-' + id, value: created.apiKey });
						var copy = el('button', { type: 'button', text: 'Copy' });
						box.appendChild(el('label', { for: 'key-' + id, text: 'API key: copy it now, it is shown only once' }));
						box.appendChild(el('div', { class: 'row' }, [input, copy]));
						copyButton(input, copy);
					}
					say('Account created.');
				}).catch(function (error) { say(error.message, true); });
			});
		});
	}

	function settings() {
		var form = document.getElementById('webhook-form');
		var sendTest = document.getElementById('send-test');
		var banner = document.getElementById('disabled-banner');
		var state = document.getElementById('webhook-state');
		var secretBox = document.getElementById('secret-box');
		var hint = document.getElementById('kind-hint');
		var hints = {
			Zapier: 'In Zapier, add a "Webhooks by Zapier → Catch Raw Hook" trigger (or the hookbridge app) and paste its URL here.',
			Make: 'In Make, add a "Custom webhook" module (or the hookbridge app) and paste its URL here.',
			n8n: 'In n8n, add the hookbridge trigger node and paste its production webhook URL here.',
			'Custom webhook': 'Any HTTPS endpoint, for example hookbridge listen on your machine.',
		};
		if (hint) {
			var showHint = function () {
				var checked = form.querySelector('input[name=kind]:checked');
				hint.textContent = hints[checked ? checked.value : 'Custom webhook'];
			};
			Array.prototype.forEach.call(form.querySelectorAll('input[name=kind]'), function (radio) {
				radio.addEventListener('change', showHint);
			});
			showHint();
		}
		copyButton(document.getElementById('secret-value'), document.getElementById('copy-secret'));

		var save = document.getElementById('save');
		var saveLabel = save.textContent;
		function show(webhook) {
			sendTest.disabled = !webhook;
			save.textContent = webhook ? 'Save changes' : saveLabel;
			if (!webhook) {
				state.textContent = 'No webhook yet.';
				banner.hidden = true;
				return;
			}
			document.getElementById('webhook-url').value = webhook.url;
			Array.prototype.forEach.call(form.querySelectorAll('input[name=events]'), function (box) {
				box.checked = webhook.events.indexOf(box.value) !== -1;
			});
			state.textContent = (webhook.active ? 'Active' : 'Disabled') + ' · ' + webhook.url +
				' · last response ' + (webhook.lastResponseCode === null ? 'none yet' : webhook.lastResponseCode) +
				' · ' + (webhook.hasSecret ? 'signed' : 'unsigned');
			banner.hidden = webhook.active;
			if (!webhook.active) {
				document.getElementById('disabled-text').textContent = webhook.disabledReason === 'auto'
					? 'This webhook was disabled automatically after ' + webhook.failureCount + ' failed deliveries in a row. Fix the endpoint, then re-enable it.'
					: 'This webhook is disabled (' + (webhook.disabledReason || 'by you') + ').';
			}
		}

		function load() {
			return api('GET', '/' + page.provider + '/accounts/' + encodeURIComponent(page.account) + '/webhook')
				.then(show, function () { show(null); });
		}

		form.addEventListener('submit', function (event) {
			event.preventDefault();
			var events = Array.prototype.filter.call(form.querySelectorAll('input[name=events]'), function (box) {
				return box.checked;
			}).map(function (box) { return box.value; });
			if (events.length === 0) {
				say('Pick at least one event type.', true);
				return;
			}
			var body = { url: document.getElementById('webhook-url').value, events: events };
			var typed = document.getElementById('webhook-secret');
			if (typed && typed.value) body.secret = typed.value;
			api('PUT', '/' + page.provider + '/accounts/' + encodeURIComponent(page.account) + '/webhook', body)
				.then(function (saved) {
					if (saved.secret) {
						document.getElementById('secret-value').value = saved.secret;
						secretBox.hidden = false;
					}
					if (typed) typed.value = '';
					show(saved);
					say(page.secretOrigin === 'provider' ? 'Webhook saved.' : 'Connected.');
				})
				.catch(function (error) { say(error.message, true); });
		});
		sendTest.addEventListener('click', function () {
			api('POST', '/' + page.provider + '/accounts/' + encodeURIComponent(page.account) + '/webhook/test')
				.then(function () {
					say('Test event sent.');
					setTimeout(attempts, 500);
				})
				.catch(function (error) { say(error.message, true); });
		});
		document.getElementById('reenable').addEventListener('click', function () {
			api('POST', '/' + page.provider + '/accounts/' + encodeURIComponent(page.account) + '/webhook/enable')
				.then(function (saved) {
					show(saved);
					say('Webhook re-enabled: deliveries resume.');
				})
				.catch(function (error) { say(error.message, true); });
		});
		load();
		setInterval(function () { load(); attempts(); }, 2000);
	}

	function deliveries() {
		var box = document.getElementById('webhooks');
		api('GET', '/' + page.provider + '/accounts').then(function (result) {
			var account = result.accounts.filter(function (a) { return a.id === page.account; })[0];
			box.textContent = '';
			if (!account || account.webhooks.length === 0) {
				box.appendChild(el('p', { class: 'hint', text: 'No webhooks: subscribe through the API first.' }));
				return;
			}
			box.appendChild(table(['Webhook', 'URL', 'Events', 'State'], account.webhooks.map(function (w) {
				return el('tr', {}, [
					el('td', { text: w.id }),
					el('td', { text: w.url }),
					el('td', { text: w.events.join(', ') }),
					el('td', { class: w.active ? 'ok' : 'failed', text: w.active ? 'active' : 'disabled' + (w.disabledReason ? ' (' + w.disabledReason + ')' : '') }),
				]);
			})));
		}).catch(function (error) { say(error.message, true); });
		setInterval(attempts, 2000);
	}

	function emit() {
		var form = document.getElementById('emit-form');
		var type = document.getElementById('event-type');
		var data = document.getElementById('event-data');
		function fill() {
			var found = page.events.filter(function (e) { return e.type === type.value; })[0];
			data.value = JSON.stringify(found ? found.data : {}, null, 2);
		}
		type.addEventListener('change', fill);
		fill();
		form.addEventListener('submit', function (event) {
			event.preventDefault();
			var parsed;
			try {
				parsed = JSON.parse(data.value);
			} catch (error) {
				say('The event data is not valid JSON.', true);
				return;
			}
			api('POST', '/' + page.provider + '/events', { account: page.account, type: type.value, data: parsed })
				.then(function (sent) {
					say('Event ' + sent.eventId + ' emitted: ' + sent.deliveries.length + ' deliver' + (sent.deliveries.length === 1 ? 'y' : 'ies') + ' queued.');
				})
				.catch(function (error) { say(error.message, true); });
		});
	}

	var views = { overview: overview, settings: settings, deliveries: deliveries, emit: emit };
	var view = views[document.body.getAttribute('data-view')];
	if (view) view();
	attempts();
	var refresh = document.getElementById('refresh');
	if (refresh) refresh.addEventListener('click', attempts);
})();
`;
