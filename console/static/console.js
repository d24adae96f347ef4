// pushsim console: phones, message lookup and a live trace tail, over the
// public /_pushsim/ routes. No framework; every value from the server is
// put in the page as text (textContent), never as markup.
'use strict';

(() => {
  const api = new URL('../', document.baseURI); // the page is at /_pushsim/ui/
  const $ = (id) => document.getElementById(id);
  const maxTraceRows = 500;
  // The admin token, when the server needs one: given once as
  // /_pushsim/ui/?token=T, kept in this tab's sessionStorage and taken out
  // of the address bar (so it is not in the history or a shared link).
  const token = (() => {
    const u = new URL(location.href);
    const given = u.searchParams.get('token');
    if (given !== null) {
      try { sessionStorage.setItem('pushsim-token', given); } catch (_) { /* storage off: this load only */ }
      u.searchParams.delete('token');
      history.replaceState(null, '', u.pathname + u.search + u.hash);
      return given;
    }
    try { return sessionStorage.getItem('pushsim-token') || ''; } catch (_) { return ''; }
  })();
  const actions = ['launch', 'login', 'logout', 'kill', 'background', 'foreground', 'uninstall', 'reinstall'];

  // el builds an element: props sets class, text, dataset and plain
  // properties; children are nodes or strings (added as text).
  function el(tag, props, ...children) {
    const n = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === undefined || v === null) continue;
      if (k === 'class') n.className = v;
      else if (k === 'text') n.textContent = String(v);
      else if (k === 'data') Object.assign(n.dataset, v);
      else n[k] = v;
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      n.append(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return n;
  }

  async function call(method, path, body) {
    const opts = { method, headers: { Accept: 'application/json' } };
    if (token) opts.headers.Authorization = 'Bearer ' + token;
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    const resp = await fetch(new URL(path, api), opts);
    const text = await resp.text();
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch (_) { data = null; }
    }
    if (!resp.ok) {
      throw new Error((data && typeof data.error === 'string') ? data.error : `${method} ${path}: HTTP ${resp.status}`);
    }
    return data;
  }
  // seg encodes one path segment; "." and ".." cannot be one.
  function seg(s) {
    s = String(s);
    if (s === '.' || s === '..') throw new Error('"' + s + '" cannot be addressed in a URL path');
    return encodeURIComponent(s);
  }

  function showError(err) {
    const box = $('error');
    box.textContent = err instanceof Error ? err.message : String(err);
    box.hidden = false;
  }
  function clearError() { $('error').hidden = true; }
  function setStatus(text) { $('status').textContent = text; }

  function timeOf(iso) {
    const d = new Date(iso);
    return isNaN(d) ? String(iso || '') : d.toLocaleTimeString();
  }

  // ---- phones ----

  const cards = new Map(); // device id → {node, json}
  const tapped = new Map(); // device id → intent of the console's last tap there

  // The contract's shape, tolerating older servers (network as a
  // boolean, notifications as a count).
  function normalize(d) {
    const net = typeof d.network === 'boolean' ? (d.network ? 'on' : 'off') : (d.network || '');
    const tray = Array.isArray(d.notifications) ? d.notifications : [];
    const trayCount = Array.isArray(d.notifications) ? tray.length : Number(d.notifications) || 0;
    return Object.assign({}, d, { network: net, notifications: tray, trayCount });
  }

  function badge(label, value) {
    const v = value || '—';
    return el('div', { class: 'field' },
      el('dt', { text: label }),
      el('dd', {}, el('span', { class: 'badge', text: v, data: { field: label.replace(/ /g, '-'), value: v } })));
  }

  function plain(label, value, cls) {
    return el('div', { class: 'field' }, el('dt', { text: label }), el('dd', { class: cls, text: value || '—', title: value || '' }));
  }

  function intentView(intent) {
    if (!intent) return null;
    const extras = intent.extras && typeof intent.extras === 'object' ? Object.entries(intent.extras) : [];
    extras.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const opened = intent.action || intent.component || intent.url;
    return el('div', { class: 'intent', data: { intent: '' } },
      el('h4', { text: 'Opened intent' }),
      opened ? null : el('p', { class: 'muted', text: 'The tap opened nothing.' }),
      el('dl', {},
        intent.action ? plain('action', intent.action, 'action') : null,
        intent.component ? plain('component', intent.component, 'component') : null,
        intent.url ? plain('url', intent.url, 'url') : null,
        ...extras.map(([k, v]) => plain('extra ' + k, String(v), 'extra'))));
  }

  function notificationItem(dev, n) {
    const tap = el('button', { type: 'button', class: 'notif' + (n.clicked ? ' clicked' : ''), data: { nid: n.id || '' } },
      el('span', { class: 'title', text: n.title || '(no title)' }),
      el('span', { class: 'body', text: n.body || '' }),
      el('span', { class: 'when', text: timeOf(n.shown_at) + (n.clicked ? ' · tapped' : '') }));
    tap.title = 'Tap: open what this notification opens';
    tap.addEventListener('click', () => tapNotification(dev.id, n.id, tap));
    const item = el('li', {}, tap);
    if (n.msg_key) {
      const path = el('button', { type: 'button', class: 'link', text: 'path', title: 'Look up MsgKey ' + n.msg_key });
      path.addEventListener('click', () => lookUp(n.msg_key));
      item.append(path);
    }
    return item;
  }

  function card(d) {
    const title = d.brand ? String(d.brand) : 'device';
    const buttons = actions.map((a) => {
      const b = el('button', { type: 'button', text: a, data: { action: a } });
      b.addEventListener('click', () => act(d.id, a, b));
      return b;
    });
    for (const state of ['off', 'on']) {
      const b = el('button', { type: 'button', text: 'network ' + state, data: { action: 'network-' + state } });
      b.disabled = d.network === state;
      b.addEventListener('click', () => act(d.id, 'network', b, { state }));
      buttons.push(b);
    }
    const intent = tapped.has(d.id) ? tapped.get(d.id) : d.last_intent;
    const tray = d.notifications.length
      ? el('ol', { class: 'tray' }, ...d.notifications.map((n) => notificationItem(d, n)))
      : el('p', { class: 'muted', text: d.trayCount ? d.trayCount + ' in the tray' : 'Tray empty' });
    return el('article', { class: 'phone', data: { device: d.id, im: d.im_state || '', app: d.app_state || '' } },
      el('header', {},
        el('h3', {}, title, d.rom ? el('span', { class: 'rom', text: ' ' + d.rom }) : null),
        el('span', { class: 'id', text: d.id })),
      el('dl', { class: 'fields' },
        plain('user', d.user, 'user'),
        badge('IM', d.im_state),
        badge('app', d.app_state),
        badge('network', d.network),
        plain('vendor', d.vendor, 'vendor'),
        plain('token', d.token, 'token')),
      el('div', { class: 'actions' }, ...buttons),
      el('h4', { text: 'Notifications' + (d.trayCount ? ' (' + d.trayCount + ')' : '') }),
      tray,
      intentView(intent));
  }

  function renderPhones(list) {
    const seen = new Set();
    const box = $('phones');
    let prev = null;
    for (const raw of list) {
      const d = normalize(raw);
      if (typeof d.id !== 'string' || seen.has(d.id)) continue;
      seen.add(d.id);
      const json = JSON.stringify([d, tapped.get(d.id)]);
      let c = cards.get(d.id);
      if (!c || c.json !== json) {
        const node = card(d);
        if (c) c.node.replaceWith(node);
        c = { node, json };
        cards.set(d.id, c);
      }
      const want = prev ? prev.nextSibling : box.firstChild;
      if (want !== c.node) box.insertBefore(c.node, want);
      prev = c.node;
    }
    for (const [id, c] of cards) {
      if (!seen.has(id)) { c.node.remove(); cards.delete(id); tapped.delete(id); }
    }
    $('no-phones').hidden = seen.size > 0;
    setStatus(seen.size + (seen.size === 1 ? ' phone' : ' phones') + ' · ' + new Date().toLocaleTimeString());
  }

  let refreshing = null;
  let again = false;
  async function refresh() {
    if (refreshing) { again = true; return refreshing; }
    refreshing = (async () => {
      try {
        const list = await call('GET', 'devices');
        renderPhones(Array.isArray(list) ? list : []);
      } catch (err) {
        setStatus('not connected');
        showError(err);
      }
    })();
    await refreshing;
    refreshing = null;
    if (again) { again = false; return refresh(); }
  }

  let refreshTimer = 0;
  function refreshSoon() {
    if (!refreshTimer) refreshTimer = setTimeout(() => { refreshTimer = 0; refresh(); }, 150);
  }

  function busy(button, on) {
    const c = button.closest('.phone');
    for (const b of c ? c.querySelectorAll('button') : [button]) b.disabled = on;
    if (c) c.classList.toggle('busy', on);
  }

  function rebuild(id) {
    const c = cards.get(id);
    if (c) c.json = '';
  }

  async function act(id, action, button, body) {
    clearError();
    busy(button, true);
    setStatus(action + ' ' + id + '…');
    try {
      await call('POST', 'devices/' + seg(id) + '/' + action, body === undefined ? {} : body);
    } catch (err) {
      showError(err);
    }
    busy(button, false);
    rebuild(id); // the buttons' disabled states come from the device
    await refresh();
  }

  async function tapNotification(id, nid, button) {
    clearError();
    busy(button, true);
    try {
      const intent = await call('POST', 'devices/' + seg(id) + '/notifications/' + seg(nid) + '/click', {});
      tapped.set(id, intent || {});
    } catch (err) {
      showError(err);
    }
    busy(button, false);
    rebuild(id);
    await refresh();
  }

  // ---- message lookup ----

  function chainItem(r) {
    const details = r.details && typeof r.details === 'object' ? Object.entries(r.details) : [];
    details.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return el('li', {},
      el('span', { class: 't', text: (r.t_ms !== undefined ? r.t_ms + ' ms' : timeOf(r.at)) }),
      el('span', { class: 'component', text: r.component || '' }),
      el('span', { class: 'kind', text: r.kind || '' }),
      r.device ? el('span', { class: 'device', text: r.device }) : null,
      r.msg ? el('span', { class: 'msg', text: r.msg }) : null,
      r.reason ? el('span', { class: 'reason', text: r.reason }) : null,
      details.length ? el('span', { class: 'details', text: details.map(([k, v]) => k + '=' + v).join(' ') }) : null);
  }

  function renderFate(f) {
    const box = $('fate');
    box.replaceChildren();
    const devices = Array.isArray(f.devices) ? f.devices : [];
    box.append(el('p', {}, 'MsgKey ', el('code', { text: f.msg_key || '' }), ': ' + devices.length + (devices.length === 1 ? ' device' : ' devices')));
    for (const d of devices) {
      const outcome = d.outcome || 'in flight';
      box.append(el('article', { class: 'fate-device', data: { device: d.device || '', outcome } },
        el('h3', {},
          el('span', { text: d.device || '?' }),
          el('span', { class: 'badge', text: outcome, data: { field: 'outcome', value: outcome } }),
          d.reason ? el('span', { class: 'reason', text: d.reason }) : null,
          d.latency_ms ? el('span', { class: 'muted', text: d.latency_ms + ' ms' }) : null),
        el('ol', { class: 'chain' }, ...(Array.isArray(d.chain) ? d.chain : []).map(chainItem))));
    }
  }

  async function lookUp(key) {
    key = String(key || '').trim();
    if (!key) return;
    $('fate-key').value = key;
    clearError();
    try {
      renderFate(await call('GET', 'messages/' + seg(key)));
    } catch (err) {
      $('fate').replaceChildren(el('p', { class: 'error', text: err.message }));
    }
  }

  // ---- trace tail ----

  let source = null;
  let paused = false;
  let hidden = 0;
  let retryTimer = 0;

  function traceState(text) { $('trace-state').textContent = text; }

  function traceRow(r, cls) {
    const list = $('trace');
    const stick = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
    list.append(r instanceof Node ? r : chainItem(r));
    if (cls) list.lastChild.className = cls;
    while (list.childElementCount > maxTraceRows) list.firstElementChild.remove();
    if (stick) list.scrollTop = list.scrollHeight;
  }

  function connectTrace() {
    if (source) source.close();
    clearTimeout(retryTimer);
    const q = new URLSearchParams({ since: '0' });
    for (const name of ['device', 'message', 'kind']) {
      const v = $('trace-' + name).value.trim();
      if (v) q.set(name, v);
    }
    if (token) q.set('access_token', token); // EventSource cannot send headers
    traceState('connecting…');
    const es = new EventSource(new URL('trace/stream?' + q, api));
    source = es;
    es.addEventListener('open', () => {
      $('trace').replaceChildren(); // the stream replays from the start
      traceState('live');
    });
    es.addEventListener('message', (ev) => {
      let r;
      try { r = JSON.parse(ev.data); } catch (_) { return; }
      if (r.device || r.kind === 'device.notify') refreshSoon();
      if (paused) { hidden++; traceState('paused · ' + hidden + ' not shown'); return; }
      traceRow(r);
    });
    es.addEventListener('dropped', (ev) => {
      let n = '?';
      try { n = JSON.parse(ev.data).dropped; } catch (_) { /* keep '?' */ }
      traceState('live · ' + n + ' events dropped (too slow)');
    });
    es.addEventListener('skipped', (ev) => {
      let n = '?';
      try { n = JSON.parse(ev.data).skipped; } catch (_) { /* keep '?' */ }
      traceRow(el('li', { text: '… ' + n + ' earlier events not shown' }), 'note');
    });
    es.addEventListener('error', () => {
      if (es !== source) return;
      if (es.readyState === EventSource.CLOSED) {
        // Refused (too many streams, or a bad filter): try again later.
        traceState('disconnected; retrying in 5 s');
        retryTimer = setTimeout(connectTrace, 5000);
      } else {
        traceState('reconnecting…');
      }
    });
  }

  // ---- wiring ----

  $('refresh').addEventListener('click', () => { clearError(); refresh(); });
  $('fate-form').addEventListener('submit', (ev) => { ev.preventDefault(); lookUp($('fate-key').value); });
  $('trace-form').addEventListener('submit', (ev) => { ev.preventDefault(); connectTrace(); });
  $('trace-clear').addEventListener('click', () => $('trace').replaceChildren());
  $('trace-pause').addEventListener('click', (ev) => {
    paused = !paused;
    hidden = 0;
    ev.currentTarget.textContent = paused ? 'Resume' : 'Pause';
    traceState(paused ? 'paused' : 'live');
  });

  refresh();
  connectTrace();
  setInterval(refresh, 2000);
})();
