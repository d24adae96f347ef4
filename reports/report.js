// pushsim report: builds the scenario list from the data embedded in the
// page, a chunk at a time, and a scenario's steps and message timelines
// when it is expanded. Nothing is fetched.
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("pushsim-data").textContent);
  var T = D.t, SL = D.sl, S = D.s;
  var CHUNK = 100;
  var LANES = ["IM", "vendor", "device", "tap"];

  var list = document.getElementById("list");
  var more = document.getElementById("more");
  var count = document.getElementById("count");
  var fStatus = document.getElementById("f-status");
  var fVendor = document.getElementById("f-vendor");
  var fLabel = document.getElementById("f-label");
  var fText = document.getElementById("f-text");
  var fCell = document.getElementById("f-cell");

  // cellV and cellS are the matrix filter: null when unset; "" is the
  // unknown state.
  var F = { status: "", vendor: "", label: "", text: "", cellV: null, cellS: null };
  var shown = [];
  var rendered = 0;
  var byId = {};
  var hay = [];

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  // dur renders milliseconds like Go's time.Duration: 812ms, 1.218s, 11m0.933s.
  function dur(ms) {
    if (ms === 0) { return "0s"; }
    var neg = ms < 0;
    if (neg) { ms = -ms; }
    var out;
    if (ms < 1000) {
      out = ms + "ms";
    } else {
      var h = Math.floor(ms / 3600000), m = Math.floor((ms % 3600000) / 60000), s = (ms % 60000) / 1000;
      out = (h ? h + "h" : "") + (h || m ? m + "m" : "") + String(+s.toFixed(3)) + "s";
    }
    return (neg ? "-" : "") + out;
  }

  function stateLabel(s) { return s in SL ? SL[s] : s; }

  // Messages as objects: the page stores them as arrays.
  function msgs(s) {
    if (!s._m) {
      s._m = (s.m || []).map(function (a) {
        return { ref: a[0], to: a[1], vendor: T[a[2]], outcome: T[a[3]], latency: a[4], reason: T[a[5]],
          state: T[a[6]], sent: a[7], hops: a[8] || [], chain: a[9] || null };
      });
    }
    return s._m;
  }

  function haystack(i) {
    if (hay[i] === undefined) {
      var s = S[i], parts = [s.n, s.f, s.rp, s.st];
      (s.lb || []).forEach(function (l) { parts.push(T[l]); });
      (s.v || []).forEach(function (v) { parts.push(T[v]); });
      (s.fl || []).forEach(function (f) { parts.push(f.m, T[f.r || 0]); });
      msgs(s).forEach(function (m) { parts.push(m.ref, m.to, m.vendor, m.outcome, m.reason, m.state, stateLabel(m.state)); });
      hay[i] = parts.join("\n").toLowerCase();
    }
    return hay[i];
  }

  function hasIndex(arr, want) {
    for (var k = 0; arr && k < arr.length; k++) { if (T[arr[k]] === want) { return true; } }
    return false;
  }

  function matches(i) {
    var s = S[i];
    if (F.status && s.st !== F.status) { return false; }
    if (F.label && !hasIndex(s.lb, F.label)) { return false; }
    if (F.vendor && !hasIndex(s.v, F.vendor) && !msgs(s).some(function (m) { return m.vendor === F.vendor; })) { return false; }
    if (F.cellV !== null || F.cellS !== null) {
      var hit = msgs(s).some(function (m) {
        return (F.cellV === null || m.vendor === F.cellV) && (F.cellS === null || m.state === F.cellS);
      });
      if (!hit) { return false; }
    }
    if (F.text) {
      var words = F.text.toLowerCase().split(/\s+/), h = haystack(i);
      for (var k = 0; k < words.length; k++) { if (words[k] && h.indexOf(words[k]) < 0) { return false; } }
    }
    return true;
  }

  function summaryHTML(s) {
    var ms = msgs(s), n = 0, o = 0, x = 0;
    ms.forEach(function (m) {
      if (m.outcome === "notified") { n++; } else if (m.outcome === "online") { o++; } else { x++; }
    });
    var h = "<summary><span class=\"pill " + esc(s.st) + "\">" + esc(s.st) + "</span>" +
      "<span class=\"sname\">" + esc(s.n) + "</span><span class=\"meta\"><code>" + esc(s.f) + "</code></span>";
    (s.v || []).forEach(function (v) { h += "<span class=\"lab\">" + esc(T[v]) + "</span>"; });
    h += "<span class=\"meta\">";
    if (n) { h += "<span class=\"c n\" title=\"notified\">" + n + "</span>"; }
    if (o) { h += "<span class=\"c o\" title=\"online\">" + o + "</span>"; }
    if (x) { h += "<span class=\"c x\" title=\"not delivered\">" + x + "</span>"; }
    h += " " + esc(dur(s.sim)) + " simulated</span><a class=\"permalink\" href=\"#" + esc(s.id) + "\" title=\"link to this scenario\">#</a></summary>";
    return h;
  }

  function renderMore() {
    var end = Math.min(rendered + CHUNK, shown.length), h = "";
    for (var k = rendered; k < end; k++) {
      var s = S[shown[k]];
      h += "<details class=\"sc " + esc(s.st) + "\" id=\"" + esc(s.id) + "\" data-i=\"" + shown[k] + "\">" + summaryHTML(s) +
        "<div class=\"body\"></div></details>";
    }
    list.insertAdjacentHTML("beforeend", h);
    rendered = end;
    var left = shown.length - rendered;
    more.innerHTML = left > 0 ? "<button type=\"button\" id=\"more-btn\">show " + Math.min(left, CHUNK) + " more of " + left + "</button>" : "";
  }

  function apply() {
    shown = [];
    for (var i = 0; i < S.length; i++) { if (matches(i)) { shown.push(i); } }
    list.innerHTML = shown.length ? "" : "<p class=\"empty-list\">No scenario matches the filters.</p>";
    rendered = 0;
    renderMore();
    count.textContent = shown.length === S.length ? S.length + " scenarios, failed first" : shown.length + " of " + S.length + " scenarios match";
    if (F.cellV !== null || F.cellS !== null) {
      var what = [F.cellV === null ? "any vendor" : F.cellV, F.cellS === null ? "any state" : stateLabel(F.cellS)].join(", ");
      fCell.innerHTML = "matrix: " + esc(what) + "<button type=\"button\" id=\"f-cell-x\" title=\"remove\">✕</button>";
      fCell.hidden = false;
    } else {
      fCell.hidden = true;
      fCell.innerHTML = "";
    }
    var picks = document.querySelectorAll(".matrix .pick");
    for (var k = 0; k < picks.length; k++) {
      var p = picks[k];
      var pv = p.hasAttribute("data-vendor") ? p.getAttribute("data-vendor") : null;
      var ps = p.hasAttribute("data-state") ? p.getAttribute("data-state") : null;
      p.classList.toggle("active", (F.cellV !== null || F.cellS !== null) && pv === F.cellV && ps === F.cellS);
    }
  }

  // laneOf puts a hop on its swimlane: IM, vendor, device, tap.
  function laneOf(kind) {
    if (kind.indexOf("im.") === 0) { return 0; }
    if (kind.indexOf("vendor.") === 0) { return 1; }
    if (kind === "device.click" || kind === "device.intent") { return 3; }
    return 2;
  }

  // timeline draws a message's hops on four swimlanes. Hops keep a
  // minimum gap; the rest of the width is proportional to simulated time.
  function timeline(m) {
    var n = m.hops.length / 4;
    if (!n) { return ""; }
    var LX = 58, GAP = 78, EXTRA = 240, RP = 190, Y0 = 20, DY = 30;
    var t0 = m.hops[1], tN = m.hops[4 * (n - 1) + 1], span = tN - t0;
    var W = LX + 24 + (n - 1) * GAP + EXTRA + RP, H = Y0 + 3 * DY + 22;
    var stopAt = -1;
    if (m.outcome === "not_delivered") {
      for (var k = 0; k < n; k++) { if (T[m.hops[4 * k + 3]]) { stopAt = k; } }
      if (stopAt < 0) { stopAt = n - 1; }
    }
    var svg = "<svg class=\"tl\" width=\"" + W + "\" height=\"" + H + "\" viewBox=\"0 0 " + W + " " + H + "\" role=\"img\" aria-label=\"timeline of " + esc(m.ref) + " to " + esc(m.to) + "\">";
    for (var l = 0; l < 4; l++) {
      var y = Y0 + l * DY;
      svg += "<line class=\"lane\" x1=\"" + LX + "\" y1=\"" + y + "\" x2=\"" + (W - 4) + "\" y2=\"" + y + "\"/><text class=\"lanel\" x=\"4\" y=\"" + (y + 4) + "\">" + LANES[l] + "</text>";
    }
    var pts = [], dots = "";
    for (var i = 0; i < n; i++) {
      var kind = T[m.hops[4 * i]], at = m.hops[4 * i + 1], detail = T[m.hops[4 * i + 2]], reason = T[m.hops[4 * i + 3]];
      var x = LX + 24 + i * GAP + (span > 0 ? (at - t0) / span * EXTRA : 0), yy = Y0 + laneOf(kind) * DY;
      pts.push(x.toFixed(1) + "," + yy);
      var cls = "";
      if (i === stopAt) { cls = "stop"; } else if (kind === "device.notify") { cls = "ok"; } else if (kind === "device.message") { cls = "on"; }
      var tip = kind + " at " + dur(at) + " (+" + dur(at - m.sent) + " after send)" + (detail ? "\n" + detail : "") + (reason ? "\nreason: " + reason : "");
      dots += "<circle class=\"" + cls + "\" cx=\"" + x.toFixed(1) + "\" cy=\"" + yy + "\" r=\"5\"><title>" + esc(tip) + "</title></circle>" +
        "<text x=\"" + (x - 4).toFixed(1) + "\" y=\"" + (yy - 8) + "\">" + esc(kind.slice(kind.indexOf(".") + 1)) + "</text>" +
        "<text class=\"t\" x=\"" + (x - 4).toFixed(1) + "\" y=\"" + (yy + 15) + "\">+" + esc(dur(at - m.sent)) + "</text>";
      if (i === stopAt) {
        dots += "<text class=\"why\" x=\"" + (x + 10).toFixed(1) + "\" y=\"" + (yy + 4) + "\">✕ " + esc(m.reason || reason || "not delivered") + "</text>";
      }
    }
    svg += "<polyline class=\"path\" points=\"" + pts.join(" ") + "\"/>" + dots + "</svg>";
    return "<div class=\"scroll\">" + svg + "</div>";
  }

  function hopsList(m) {
    var h = "<ol class=\"hops\">";
    for (var i = 0; i < m.hops.length; i += 4) {
      var at = m.hops[i + 1], reason = T[m.hops[i + 3]];
      h += "<li>+" + esc(dur(at - m.sent)) + " (at " + esc(dur(at)) + ") " + esc(T[m.hops[i]]) + " " + esc(T[m.hops[i + 2]]) +
        (reason ? " <span class=\"r\">reason=" + esc(reason) + "</span>" : "") + "</li>";
    }
    return h + "</ol>";
  }

  function messageHTML(m) {
    var h = "<div class=\"msg\"><div class=\"mhead\"><b>" + esc(m.ref) + "</b> → " + esc(m.to) + " <span class=\"lab\">" + esc(m.vendor) + "</span>" +
      "<span class=\"meta\">sent at " + esc(dur(m.sent)) + ", device " + esc(stateLabel(m.state)) + "</span>" +
      "<span class=\"outcome " + esc(m.outcome) + "\">" + esc(m.outcome.replace("_", " ")) + "</span>";
    if (m.outcome === "notified") { h += "<span>after " + esc(dur(m.latency)) + "</span>"; }
    if (m.outcome === "not_delivered" && m.reason) { h += "<span class=\"reason\">" + esc(m.reason) + "</span>"; }
    h += "</div>";
    if (m.hops.length) {
      h += timeline(m) + hopsList(m);
    } else if (m.chain) {
      h += "<pre>" + esc(m.chain.join("\n")) + "</pre>";
    }
    return h + "</div>";
  }

  function bodyHTML(s) {
    var h = "";
    (s.fl || []).forEach(function (f) {
      h += "<div class=\"box bad\"><b>step " + f.s + (f.l ? " (line " + f.l + ")" : "") + " failed</b>" +
        (f.r ? " <span class=\"reason\">" + esc(T[f.r]) + "</span>" : "") + "<pre>" + esc(f.m) + "</pre></div>";
    });
    h += "<p>replay: <code class=\"replay\">" + esc(s.rp) + "</code> <span class=\"meta\">seed " + esc(s.seed) + " · " +
      esc(dur(s.sim)) + " simulated · " + esc(dur(s.wall)) + " wall</span></p>";
    if (s.lb && s.lb.length) {
      h += "<p>" + s.lb.map(function (l) { return "<span class=\"lab\">" + esc(T[l]) + "</span>"; }).join(" ") + "</p>";
    }
    var sp = s.sp || [];
    if (sp.length) {
      h += "<h3>Steps <span class=\"meta\"><code>" + esc(s.f) + "</code></span></h3><table class=\"steps\"><thead><tr><th>#</th><th>line</th><th>action</th><th></th><th>status</th></tr></thead><tbody>";
      for (var k = 0; k < sp.length; k += 5) {
        var st = T[sp[k + 3]];
        h += "<tr class=\"" + esc(st) + "\"><td>" + sp[k] + "</td><td><code title=\"" + esc(s.f) + ":" + sp[k + 2] + "\">" + sp[k + 2] + "</code></td><td>" + esc(T[sp[k + 1]]) +
          "</td><td>" + esc(T[sp[k + 4]]) + "</td><td><span class=\"pill " + esc(st) + "\">" + esc(st.replace("_", " ")) + "</span></td></tr>";
      }
      h += "</tbody></table>";
    }
    var ms = msgs(s);
    if (ms.length) {
      h += "<h3>Messages</h3>";
      ms.forEach(function (m) { h += messageHTML(m); });
    }
    return h;
  }

  function build(d) {
    if (d.getAttribute("data-built")) { return; }
    d.setAttribute("data-built", "1");
    d.querySelector(".body").innerHTML = bodyHTML(S[+d.getAttribute("data-i")]);
  }

  function clearFilters() {
    F = { status: "", vendor: "", label: "", text: "", cellV: null, cellS: null };
    fStatus.value = fVendor.value = fLabel.value = fText.value = "";
  }

  // openHash expands the scenario the URL fragment names, rendering and
  // unfiltering it if needed.
  function openHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!(id in byId)) { return; }
    var i = byId[id];
    if (shown.indexOf(i) < 0) { clearFilters(); apply(); }
    var pos = shown.indexOf(i);
    while (rendered <= pos) { renderMore(); }
    var el = document.getElementById(id);
    build(el);
    el.open = true;
    el.scrollIntoView({ block: "start" });
  }

  function scrollToList() { document.getElementById("scenarios").scrollIntoView({ block: "start" }); }

  function options(sel, values) {
    values.sort().forEach(function (v) {
      var o = document.createElement("option");
      o.value = o.textContent = v;
      sel.appendChild(o);
    });
  }

  function init() {
    var vendors = {}, labels = {};
    S.forEach(function (s, i) {
      byId[s.id] = i;
      (s.v || []).forEach(function (v) { vendors[T[v]] = true; });
      (s.lb || []).forEach(function (l) { labels[T[l]] = true; });
    });
    options(fVendor, Object.keys(vendors));
    options(fLabel, Object.keys(labels));

    list.addEventListener("toggle", function (e) {
      if (e.target.open && e.target.classList && e.target.classList.contains("sc")) { build(e.target); }
    }, true);
    more.addEventListener("click", function (e) { if (e.target.id === "more-btn") { renderMore(); } });
    if ("IntersectionObserver" in window) {
      new IntersectionObserver(function (es) {
        if (es.some(function (x) { return x.isIntersecting; }) && rendered < shown.length) { renderMore(); }
      }, { rootMargin: "600px" }).observe(more);
    }
    fStatus.addEventListener("change", function () { F.status = fStatus.value; apply(); });
    fVendor.addEventListener("change", function () { F.vendor = fVendor.value; apply(); });
    fLabel.addEventListener("change", function () { F.label = fLabel.value; apply(); });
    var timer = 0;
    fText.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { F.text = fText.value.trim(); apply(); }, 150);
    });
    document.getElementById("f-clear").addEventListener("click", function () { clearFilters(); apply(); });
    fCell.addEventListener("click", function (e) {
      if (e.target.id === "f-cell-x") { F.cellV = F.cellS = null; apply(); }
    });
    document.getElementById("matrix").addEventListener("click", function (e) {
      var b = e.target.closest ? e.target.closest(".pick") : null;
      if (!b) { return; }
      F.cellV = b.hasAttribute("data-vendor") ? b.getAttribute("data-vendor") : null;
      F.cellS = b.hasAttribute("data-state") ? b.getAttribute("data-state") : null;
      apply();
      scrollToList();
    });
    var sf = document.querySelector(".show-failed");
    if (sf) {
      sf.addEventListener("click", function () { clearFilters(); F.status = fStatus.value = "failed"; apply(); scrollToList(); });
    }
    window.addEventListener("hashchange", openHash);
    apply();
    openHash();
    if (window.performance && performance.mark) { performance.mark("pushsim-list-ready"); }
    document.body.setAttribute("data-ready", "1");
  }

  // Let the static header, matrix and charts paint before the list is built.
  if (document.hidden || !window.requestAnimationFrame) {
    setTimeout(init, 0);
  } else {
    requestAnimationFrame(function () { setTimeout(init, 0); });
  }
})();
