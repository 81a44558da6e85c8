// The client-sync console. Every value from the source or a vendor goes into the page as text (textContent,
// never innerHTML), and the page runs only this file (Content-Security-Policy), so a client named
// <img src=x onerror=...> shows as those characters and runs nothing.
'use strict';

const $ = (id) => document.getElementById(id);

/** An element with attributes and children; a string child becomes a text node. */
function el(tag, attrs, ...children) {
  const e = tag === 'svg' || tag === 'rect' || tag === 'title'
    ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined && v !== false) e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

async function api(path, options) {
  const res = await fetch(path, Object.assign({ credentials: 'same-origin', headers: { 'Accept': 'application/json' } },
    options || {}));
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    throw new Error(body.error || (res.status + ' ' + res.statusText));
  }
  return body;
}

function post(path, body) {
  return api(path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
    body: JSON.stringify(body || {}) });
}

function say(text, isError) {
  const m = $('message');
  m.textContent = text;
  m.className = isError ? 'error' : '';
  m.hidden = false;
}

function when(instant) {
  return instant ? new Date(instant).toLocaleString() : 'never';
}

function age(seconds) {
  if (seconds === null || seconds === undefined) return '-';
  if (seconds < 120) return seconds + ' s';
  if (seconds < 7200) return Math.round(seconds / 60) + ' min';
  return Math.round(seconds / 3600) + ' h';
}

/** Delivered (green) and dead letters (red) per run, oldest on the left. */
function runsChart(p) {
  const runs = (p.runs || []).slice().reverse();
  const value = (r, k) => p.pipeline === 'source'
    ? (k === 'delivered' ? r.changes : r.invalid)
    : (r.counts && r.counts[k === 'delivered' ? 'delivered' : 'dead-lettered']) || 0;
  const max = Math.max(1, ...runs.map((r) => value(r, 'delivered') + value(r, 'dead')));
  const w = 8, h = 40;
  const svg = el('svg', { class: 'runs', width: Math.max(w * runs.length, 10), height: h, role: 'img',
    'aria-label': 'runs of ' + p.pipeline });
  runs.forEach((r, i) => {
    const d = value(r, 'delivered'), x = value(r, 'dead');
    const dh = Math.round(d / max * h), xh = Math.round(x / max * h);
    const tip = el('title', {}, 'run ' + r.id + ' (' + r.mode + ', ' + r.status + '): '
      + (p.pipeline === 'source' ? d + ' changes, ' + x + ' invalid' : d + ' delivered, ' + x + ' dead-lettered'));
    svg.append(el('rect', { class: 'delivered', x: i * w, y: h - dh - xh, width: w - 2, height: dh }, tip));
    svg.append(el('rect', { class: 'dead', x: i * w, y: h - xh, width: w - 2, height: xh }, tip.cloneNode(true)));
  });
  return svg;
}

function stateCell(p) {
  const cell = el('td', {}, el('span', { class: 'state state-' + p.state.replace(' ', '-') }, p.state));
  if (p.downSince) {
    cell.append(el('div', { class: 'why' }, 'since ' + when(p.downSince) + ': ' + (p.downReason || '')));
  }
  if (p.runningOn) {
    cell.append(el('div', { class: 'muted' }, 'on ' + p.runningOn));
  }
  return cell;
}

async function loadPipelines() {
  const { pipelines } = await api('/api/pipelines');
  const body = $('pipelines').tBodies[0];
  body.replaceChildren();
  const vendors = $('dl-vendor');
  for (const p of pipelines) {
    const isSource = p.pipeline === 'source';
    let action = null;
    if (!isSource) {
      const paused = p.state === 'paused';
      action = el('button', { type: 'button', 'data-action': paused ? 'resume' : 'pause', 'data-vendor': p.pipeline },
        paused ? 'Resume' : 'Pause');
      action.addEventListener('click', () => hold(p.pipeline, !paused));
      if (![...vendors.options].some((o) => o.value === p.pipeline)) {
        vendors.append(el('option', { value: p.pipeline }, p.pipeline));
      }
    }
    body.append(el('tr', { 'data-pipeline': p.pipeline },
      el('td', {}, p.pipeline),
      stateCell(p),
      el('td', { class: 'position' }, isSource ? p.position + ' (cursor ' + p.cursor + ')' : p.position),
      el('td', { class: 'lag' }, isSource ? '-' : p.lag),
      el('td', {}, isSource ? '-' : age(p.oldestWaitingSeconds)),
      el('td', {}, when(p.lastRun)),
      el('td', {}, runsChart(p)),
      el('td', {}, action)));
  }
  $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
}

async function hold(vendor, pause) {
  try {
    await post('/api/vendors/' + encodeURIComponent(vendor) + (pause ? '/pause' : '/resume'));
    say(vendor + (pause ? ' paused: its changes wait in the inbox.' : ' resumed: it catches up from its position.'));
    await loadPipelines();
  } catch (e) {
    say(e.message, true);
  }
}

function filterQuery() {
  const q = new URLSearchParams();
  for (const [k, id] of [['vendor', 'dl-vendor'], ['reason', 'dl-reason'], ['client', 'dl-client'],
    ['state', 'dl-state']]) {
    if ($(id).value) q.set(k, $(id).value);
  }
  return q.toString();
}

async function loadDeadLetters() {
  const { deadLetters } = await api('/api/dead-letters?' + filterQuery());
  const body = $('dead-letters').tBodies[0];
  body.replaceChildren();
  for (const d of deadLetters) {
    const box = el('input', { type: 'checkbox', class: 'dl-select', value: d.id, disabled: d.state !== 'open' });
    box.addEventListener('click', (ev) => { ev.stopPropagation(); selectionChanged(); });
    const row = el('tr', { class: 'clickable', 'data-id': d.id },
      el('td', {}, box), el('td', {}, d.id), el('td', {}, d.vendor), el('td', { class: 'client' }, d.clientId),
      el('td', {}, d.version), el('td', {}, d.reason), el('td', { class: 'message' }, d.message),
      el('td', {}, d.attempts), el('td', {}, when(d.lastFailedAt)), el('td', { class: 'dl-state' }, d.state));
    row.addEventListener('click', () => openDeadLetter(d.id));
    body.append(row);
  }
  $('dl-empty').hidden = deadLetters.length > 0;
  selectionChanged();
}

function selected() {
  return [...document.querySelectorAll('.dl-select:checked')].map((b) => Number(b.value));
}

function selectionChanged() {
  $('dl-replay-selected').disabled = selected().length === 0;
}

async function openDeadLetter(id) {
  try {
    const d = await api('/api/dead-letters/' + id);
    $('dl-detail-id').textContent = d.id;
    const fields = $('dl-detail-fields');
    fields.replaceChildren();
    for (const [k, v] of [['vendor', d.vendor], ['client', d.clientId], ['version', d.version],
      ['reason', d.reason], ['vendor answer', [d.httpStatus ? 'HTTP ' + d.httpStatus : null, d.vendorCode,
        d.message].filter(Boolean).join(' / ')], ['attempts', d.attempts], ['first failed', when(d.firstFailedAt)],
      ['last failed', when(d.lastFailedAt)], ['state', d.state]]) {
      fields.append(el('dt', {}, k), el('dd', {}, v));
    }
    $('dl-detail-change').textContent = JSON.stringify(d.change, null, 2);
    $('dl-detail-replay').disabled = d.state !== 'open';
    $('dl-detail-discard').disabled = d.state !== 'open';
    $('dl-detail').dataset.id = d.id;
    $('dl-detail').hidden = false;
  } catch (e) {
    say(e.message, true);
  }
}

async function replay(ids) {
  try {
    const r = await post(ids.length === 1 ? '/api/dead-letters/' + ids[0] + '/replay' : '/api/dead-letters/replay',
      ids.length === 1 ? {} : { ids });
    say('replayed ' + r.replayed + ', discarded ' + r.discarded + ', failed again ' + r.failedAgain
      + ', left open ' + r.leftOpen, r.failedAgain > 0);
  } catch (e) {
    say(e.message, true);
  }
  $('dl-detail').hidden = true;
  await Promise.all([loadDeadLetters(), loadPipelines()]);
}

async function discard(id) {
  try {
    await post('/api/dead-letters/' + id + '/discard');
    say('dead letter ' + id + ' discarded');
  } catch (e) {
    say(e.message, true);
  }
  $('dl-detail').hidden = true;
  await loadDeadLetters();
}

async function findClient(id) {
  const view = $('client-view');
  view.replaceChildren();
  try {
    const c = await api('/api/clients/' + encodeURIComponent(id));
    view.append(el('p', {}, 'Client ', el('strong', { class: 'client-id' }, c.clientId), c.inbox
      ? ': version ' + c.inbox.version + ' in the inbox (sequence ' + c.inbox.seq + ')' : ': not in the inbox'));
    const table = el('table', { id: 'client-vendors' }, el('thead', {}, el('tr', {},
      el('th', {}, 'Vendor'), el('th', {}, 'Last delivered'), el('th', {}, 'When'), el('th', {}, 'Ids it gave'),
      el('th', {}, 'Open dead letters'), el('th', {}, 'Payload sent'))));
    const body = el('tbody');
    for (const v of c.vendors) {
      const ids = Object.entries(v.vendorIds || {}).map(([k, r]) => k + ': ' + r).join(', ');
      const dls = v.openDeadLetters.map((d) => '#' + d.id + ' v' + d.version + ' ' + d.reason + ': ' + d.message)
        .join('\n');
      body.append(el('tr', { 'data-vendor': v.vendor },
        el('td', {}, v.vendor), el('td', { class: 'delivered-version' }, v.deliveredVersion === null ? '-'
          : 'v' + v.deliveredVersion),
        el('td', {}, when(v.deliveredAt)), el('td', {}, ids || '-'), el('td', { class: 'open-dead-letters' },
          dls || 'none'),
        el('td', {}, v.payload === null ? '-' : el('pre', {}, typeof v.payload === 'string' ? v.payload
          : JSON.stringify(v.payload, null, 2)))));
    }
    table.append(body);
    view.append(table);
  } catch (e) {
    view.append(el('p', { class: 'why' }, e.message));
  }
}

function refresh() {
  loadPipelines().catch((e) => say(e.message, true));
}

document.addEventListener('DOMContentLoaded', () => {
  $('dl-filter').addEventListener('submit', (ev) => { ev.preventDefault(); loadDeadLetters().catch((e) => say(e.message, true)); });
  $('dl-all').addEventListener('change', (ev) => {
    document.querySelectorAll('.dl-select:not(:disabled)').forEach((b) => { b.checked = ev.target.checked; });
    selectionChanged();
  });
  $('dl-replay-selected').addEventListener('click', () => replay(selected()));
  $('dl-detail-replay').addEventListener('click', () => replay([Number($('dl-detail').dataset.id)]));
  $('dl-detail-discard').addEventListener('click', () => discard(Number($('dl-detail').dataset.id)));
  $('dl-detail-close').addEventListener('click', () => { $('dl-detail').hidden = true; });
  $('client-form').addEventListener('submit', (ev) => { ev.preventDefault(); findClient($('client-id').value.trim()); });
  refresh();
  loadDeadLetters().catch((e) => say(e.message, true));
  setInterval(refresh, 5000);
});
