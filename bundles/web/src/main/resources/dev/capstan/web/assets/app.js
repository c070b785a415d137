// Capstan's page: refreshes the rows while the page is visible, ticks the uptimes, sends the
// actions (POST with the page's token) and streams log tails. No library, no build step.
'use strict';
(function () {
  var POLL_MS = 2000;
  var LOG_MAX = 200000;
  var SIGNALS = ['HUP', 'INT', 'QUIT', 'TERM', 'KILL', 'USR1', 'USR2', 'WINCH'];
  var STATES = ['RUNNING', 'STARTING', 'BACKOFF', 'STOPPING', 'STOPPED', 'EXITED', 'FATAL', 'UNKNOWN'];
  var VERBS = { start: 'Starting', stop: 'Stopping', restart: 'Restarting', signal: 'Signalling' };

  var token = document.querySelector('meta[name="capstan-token"]').content;
  var rows = document.getElementById('rows');
  var summary = document.getElementById('summary');
  var filter = document.getElementById('filter');
  var menu = document.getElementById('menu');
  var toastEl = document.getElementById('toast');
  // The server's clock minus ours: uptimes are counted on the server's clock.
  var offset = Number(document.body.dataset.now) - Date.now();
  var keys = new Map();
  // The rows' fingerprint: the server answers 304 while they are as they were.
  var rowsTag = '"' + rows.dataset.tag + '"';
  var pollTimer = 0;
  var tickTimer = 0;
  var inflight = false;
  var failures = 0;
  var toastTimer = 0;

  function duration(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    if (s < 60) return s + 's';
    if (s < 3600) return Math.floor(s / 60) + 'm ' + (s % 60) + 's';
    if (s < 86400) return Math.floor(s / 3600) + 'h ' + Math.floor(s % 3600 / 60) + 'm';
    return Math.floor(s / 86400) + 'd ' + Math.floor(s % 86400 / 3600) + 'h';
  }

  // ---- rows ----

  // What a row shows, but for its uptime, which ticks here.
  function key(tr) {
    return tr.outerHTML.replace(/(<td class="c-uptime[^>]*>)[^<]*/, '$1');
  }

  function tick() {
    var now = Date.now() + offset;
    for (var i = 0; i < rows.rows.length; i++) {
      var tr = rows.rows[i];
      if (tr.dataset.started) {
        tr.querySelector('.c-uptime').textContent = duration((now - Number(tr.dataset.started)) / 1000);
      }
    }
    var up = document.getElementById('capstan-uptime');
    if (up) up.textContent = 'up ' + duration((now - Number(up.dataset.started)) / 1000);
  }

  function apply(html) {
    var t = document.createElement('template');
    t.innerHTML = html;
    var old = new Map();
    for (var i = 0; i < rows.rows.length; i++) old.set(rows.rows[i].id, rows.rows[i]);
    var prev = null;
    Array.prototype.slice.call(t.content.children).forEach(function (tr) {
      var k = key(tr);
      var node = old.get(tr.id);
      if (!node || keys.get(tr.id) !== k) {
        if (node) node.replaceWith(tr);
        node = tr;
        keys.set(tr.id, k);
      }
      var want = prev ? prev.nextElementSibling : rows.firstElementChild;
      if (want !== node) rows.insertBefore(node, want);
      old.delete(tr.id);
      prev = node;
    });
    old.forEach(function (tr, id) { tr.remove(); keys.delete(id); });
    applyFilter();
    renderSummary();
    tick();
  }

  function refresh() {
    if (inflight) return;
    inflight = true;
    clearTimeout(pollTimer);
    fetch('/ui/rows', { cache: 'no-store', headers: { 'If-None-Match': rowsTag } }).then(function (res) {
      if (res.status !== 304 && !res.ok) throw new Error('HTTP ' + res.status);
      var now = Number(res.headers.get('X-Capstan-Now'));
      if (now) offset = now - Date.now();
      if (res.status === 304) return null;
      rowsTag = res.headers.get('ETag');
      return res.text();
    }).then(function (html) {
      if (failures) {
        failures = 0;
        renderSummary();
      }
      if (html !== null) apply(html);
    }).catch(function () {
      failures++;
      renderSummary();
    }).then(function () {
      inflight = false;
      schedule();
    });
  }

  function schedule() {
    clearTimeout(pollTimer);
    if (document.hidden) return;
    pollTimer = setTimeout(refresh, failures ? Math.min(30000, POLL_MS * Math.pow(2, failures)) : POLL_MS);
  }

  // Nobody looks at a hidden page: no requests, no timers.
  function visibility() {
    clearInterval(tickTimer);
    clearTimeout(pollTimer);
    if (!document.hidden) {
      tickTimer = setInterval(tick, 1000);
      refresh();
    }
  }

  function chip(cls, text, count) {
    var el = document.createElement('span');
    el.className = 'chip ' + cls;
    if (count !== undefined) {
      var dot = document.createElement('span');
      dot.className = 'dot';
      var b = document.createElement('b');
      b.textContent = count;
      el.append(dot, b, ' ' + text);
    } else {
      el.textContent = text;
    }
    return el;
  }

  function renderSummary() {
    var counts = {};
    var notReady = 0;
    var total = 0;
    for (var i = 0; i < rows.rows.length; i++) {
      var d = rows.rows[i].dataset;
      if (!d.state) continue;
      total++;
      counts[d.state] = (counts[d.state] || 0) + 1;
      if (d.ok === '0') notReady++;
    }
    var chips = [];
    if (failures) {
      chips.push(chip('health offline', 'Capstan does not answer; retrying'));
    } else if (notReady) {
      chips.push(chip('health bad', notReady + ' not ready'));
    } else {
      chips.push(chip('health good', total ? 'All ready' : 'No services'));
    }
    STATES.forEach(function (s) {
      if (counts[s]) chips.push(chip('s-' + s.toLowerCase(), s.toLowerCase(), counts[s]));
    });
    summary.replaceChildren.apply(summary, chips);
  }

  function applyFilter() {
    var q = filter.value.trim().toLowerCase();
    for (var i = 0; i < rows.rows.length; i++) {
      var tr = rows.rows[i];
      var d = tr.dataset;
      tr.hidden = q !== '' && d.name !== undefined && d.name.toLowerCase().indexOf(q) < 0
        && d.state.toLowerCase().indexOf(q) < 0;
    }
  }

  // ---- actions ----

  function toast(text, error) {
    toastEl.textContent = text;
    toastEl.className = 'toast' + (error ? ' error' : '');
    toastEl.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { toastEl.hidden = true; }, error ? 8000 : 4000);
  }

  function act(name, action, extra, button) {
    var form = new URLSearchParams({ token: token, action: action, name: name });
    if (extra) form.set('signal', extra);
    if (button) { button.disabled = true; button.classList.add('busy'); }
    toast(VERBS[action] + ' ' + name + (extra ? ' with SIG' + extra : '') + '…');
    setTimeout(refresh, 250);
    return fetch('/ui/action', { method: 'POST', body: form }).then(function (res) {
      return res.json().catch(function () { return { message: 'HTTP ' + res.status }; }).then(function (answer) {
        toast(answer.message, !res.ok);
      });
    }).catch(function (e) {
      toast('Capstan did not answer: ' + e.message, true);
    }).then(function () {
      if (button) { button.disabled = false; button.classList.remove('busy'); }
      refresh();
    });
  }

  var menuOwner = null;

  function closeMenu() {
    menu.hidden = true;
    menu.replaceChildren();
    menuOwner = null;
  }

  function menuItem(text, onClick, mono) {
    var b = document.createElement('button');
    b.className = 'menu-item' + (mono ? ' mono' : '');
    b.setAttribute('role', 'menuitem');
    b.textContent = text;
    b.addEventListener('click', function () { closeMenu(); onClick(); });
    menu.append(b);
  }

  function openMenu(button, tr) {
    var name = tr.dataset.name;
    closeMenu();
    menuOwner = button;
    menuItem('Show stdout', function () { openLog(name, 'stdout'); });
    menuItem('Show stderr', function () { openLog(name, 'stderr'); });
    if (tr.dataset.started) {
      menu.append(document.createElement('hr'));
      var label = document.createElement('div');
      label.className = 'menu-label';
      label.textContent = 'Send signal';
      menu.append(label);
      SIGNALS.forEach(function (s) {
        menuItem('SIG' + s, function () { act(name, 'signal', s, null); }, true);
      });
    }
    menu.hidden = false;
    var r = button.getBoundingClientRect();
    var left = Math.max(8, Math.min(r.right - menu.offsetWidth, window.innerWidth - menu.offsetWidth - 8));
    var top = r.bottom + 6;
    if (top + menu.offsetHeight > window.innerHeight - 8) top = Math.max(8, r.top - menu.offsetHeight - 6);
    menu.style.left = (left + window.scrollX) + 'px';
    menu.style.top = (top + window.scrollY) + 'px';
    menu.querySelector('.menu-item').focus();
  }

  rows.addEventListener('click', function (e) {
    var button = e.target.closest('[data-act]');
    var tr = e.target.closest('tr');
    if (!button || !tr || !tr.dataset.name) return;
    var what = button.dataset.act;
    e.stopPropagation();
    if (what === 'logs') openLog(tr.dataset.name, 'stdout');
    else if (what === 'menu') menuOwner === button ? closeMenu() : openMenu(button, tr);
    else act(tr.dataset.name, what, null, button);
  });
  document.addEventListener('click', function (e) {
    if (!menu.hidden && !menu.contains(e.target)) closeMenu();
  });
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape') return;
    if (!menu.hidden) closeMenu();
    else if (!log.el.hidden) closeLog();
  });
  window.addEventListener('resize', closeMenu);
  filter.addEventListener('input', applyFilter);

  // ---- log tails, streamed from /logtail and /mainlogtail ----

  var log = {
    el: document.getElementById('log'),
    title: document.getElementById('log-title'),
    state: document.getElementById('log-state'),
    streams: document.getElementById('log-streams'),
    text: document.getElementById('log-text'),
    pause: document.getElementById('log-pause'),
    name: null,
    stream: 'stdout',
    controller: null,
    paused: false,
    shown: '',
    pending: '',
    frame: 0,
    retry: 0
  };

  function logState(text, live) {
    log.state.textContent = text;
    log.state.className = 'log-state' + (live ? ' live' : '');
  }

  function openLog(name, stream) {
    stopStream();
    log.name = name;
    log.stream = stream;
    log.title.textContent = name || 'Capstan';
    log.streams.hidden = !name;
    Array.prototype.forEach.call(log.streams.children, function (b) {
      b.setAttribute('aria-pressed', String(b.dataset.stream === stream));
    });
    log.shown = '';
    log.pending = '';
    log.text.textContent = '';
    log.el.hidden = false;
    document.body.classList.add('log-open');
    follow();
  }

  function closeLog() {
    stopStream();
    log.el.hidden = true;
    document.body.classList.remove('log-open');
  }

  function stopStream() {
    clearTimeout(log.retry);
    if (log.controller) log.controller.abort();
    log.controller = null;
  }

  function follow() {
    var controller = new AbortController();
    log.controller = controller;
    var url = log.name ? '/logtail/' + encodeURIComponent(log.name) + '/' + log.stream : '/mainlogtail';
    logState('connecting…');
    fetch(url, { signal: controller.signal, cache: 'no-store' }).then(function (res) {
      if (res.status === 404) {
        logState('no output yet; waiting');
        log.retry = setTimeout(function () { if (log.controller === controller) follow(); }, 3000);
        return;
      }
      if (!res.ok) throw new Error('HTTP ' + res.status);
      logState(log.paused ? 'paused' : 'live', !log.paused);
      var reader = res.body.getReader();
      var decoder = new TextDecoder();
      function next() {
        return reader.read().then(function (chunk) {
          if (chunk.done) {
            logState('ended');
            return;
          }
          add(decoder.decode(chunk.value, { stream: true }));
          return next();
        });
      }
      return next();
    }).catch(function (e) {
      if (e.name !== 'AbortError') logState('disconnected: ' + e.message);
    });
  }

  function add(text) {
    // Terminal colour and cursor sequences mean nothing here.
    log.pending += text.replace(/\x1b\[[0-9;?]*[ -\/]*[@-~]/g, '');
    if (log.pending.length > LOG_MAX) log.pending = log.pending.slice(-LOG_MAX);
    if (!log.paused && !log.frame) log.frame = requestAnimationFrame(render);
  }

  function render() {
    log.frame = 0;
    var pre = log.text;
    var atBottom = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 24;
    var next = log.shown + log.pending;
    log.pending = '';
    if (next.length > LOG_MAX) {
      // Keep the newest part, from a line start.
      next = next.slice(next.indexOf('\n', next.length - LOG_MAX) + 1);
      pre.textContent = next;
    } else {
      pre.append(next.slice(log.shown.length));
    }
    log.shown = next;
    if (atBottom) pre.scrollTop = pre.scrollHeight;
  }

  log.streams.addEventListener('click', function (e) {
    var b = e.target.closest('[data-stream]');
    if (b && b.dataset.stream !== log.stream) openLog(log.name, b.dataset.stream);
  });
  log.pause.addEventListener('click', function () {
    log.paused = !log.paused;
    log.pause.textContent = log.paused ? 'Resume' : 'Pause';
    if (log.controller) logState(log.paused ? 'paused' : 'live', !log.paused);
    if (!log.paused && log.pending) render();
  });
  document.getElementById('log-clear').addEventListener('click', function () {
    log.shown = '';
    log.pending = '';
    log.text.textContent = '';
  });
  document.getElementById('log-close').addEventListener('click', closeLog);
  document.getElementById('mainlog').addEventListener('click', function () { openLog(null, 'stdout'); });

  // The rows as served are this script's starting point.
  for (var i = 0; i < rows.rows.length; i++) keys.set(rows.rows[i].id, key(rows.rows[i]));
  renderSummary();
  applyFilter();
  document.addEventListener('visibilitychange', visibility);
  visibility();
})();
