// Endpoint dashboard: the device list, a live plot per device, controls for switches and lights,
// OTA progress. Talks only to the endpoint tool's own server (api/…), never to the broker.
"use strict";
(() => {
  const MAX_ROWS = 500;        // rows drawn at once (a filter narrows bigger fleets)
  const MAX_POINTS = 600;      // points kept per plot
  const DEFAULT_PLOTS = 8;     // plots opened at first load
  const PLOT_HEIGHT = 170;
  const COLORS = ["#2463eb", "#e8590c", "#1f9d55", "#9c36b5", "#c2255c", "#0c8599", "#5c940d", "#495057"];

  const devices = new Map();   // id -> device (as /api/state sends it)
  const rows = new Map();      // id -> { tr, cells, controlsKey }
  const plots = new Map();     // id -> { card, chart, series, xs, ys, dirty }
  const wantPlot = new Set();  // ids whose plot is open
  let filter = "";
  let firstLoad = true;

  const $ = (id) => document.getElementById(id);
  const collator = new Intl.Collator(undefined, { numeric: true });
  const el = (tag, props = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === "class") e.className = v; else if (k in e) e[k] = v; else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c);
    return e;
  };

  // ------------------------------------------------------------------ data from the server

  async function loadState() {
    const res = await fetch("api/state", { cache: "no-store" });
    if (!res.ok) throw new Error("the dashboard server answered " + res.status);
    const s = await res.json();
    showHub(s.hub, s.connected, s.hubError);
    for (const d of s.devices) devices.set(d.id, d);
    if (firstLoad) {
      firstLoad = false;
      sortedIds().slice(0, DEFAULT_PLOTS).forEach((id) => wantPlot.add(id));
    }
    renderTable();
    for (const id of wantPlot) openPlot(id);
  }

  function listen() {
    const events = new EventSource("api/events");
    let broken = false;
    let warning = 0;
    events.addEventListener("open", () => {
      clearTimeout(warning);
      if (broken) { broken = false; hideError(); loadState().catch(showError); }
    });
    events.addEventListener("error", () => {
      // The browser reconnects by itself; say so only when it takes a while (the tool stopped?).
      broken = true;
      clearTimeout(warning);
      warning = setTimeout(() => showError("lost the connection to the endpoint tool; retrying…"), 3000);
    });
    events.addEventListener("hub", (e) => {
      const h = JSON.parse(e.data);
      showHub(null, h.connected, h.hubError);
    });
    events.addEventListener("devices", (e) => {
      for (const d of JSON.parse(e.data)) {
        const isNew = !devices.has(d.id);
        devices.set(d.id, d);
        if (isNew) { renderTable(); } else { updateRow(d); }
        const p = plots.get(d.id);
        if (p && seriesKey(d) !== p.key) rebuildPlot(d.id);
      }
      renderCounts();
    });
    events.addEventListener("readings", (e) => {
      for (const [id, entity, t, v] of JSON.parse(e.data)) addPoint(id, entity, t, v);
      flushPlots();
    });
  }

  async function command(id, entity, body) {
    const res = await fetch(`api/devices/${encodeURIComponent(id)}/entities/${encodeURIComponent(entity)}`, {
      method: "POST",
      headers: { "X-Endpoint-Dashboard": "1", "Content-Type": "text/plain" },
      body,
    });
    if (!res.ok) {
      let why = res.status + "";
      try { why = (await res.json()).error || why; } catch { /* not JSON */ }
      throw new Error(`${id} ${entity}: ${why}`);
    }
  }

  // ------------------------------------------------------------------ header

  function showHub(hub, connected, error) {
    if (hub) $("hub-text").dataset.hub = hub;
    const name = $("hub-text").dataset.hub || "hub";
    $("hub-dot").className = "dot " + (connected ? "on" : "off");
    $("hub-text").textContent = connected ? name : `${name}: ${error || "not connected"}`;
  }

  function renderCounts() {
    let online = 0;
    for (const d of devices.values()) if (d.online) online++;
    $("counts").textContent = `${devices.size} endpoint${devices.size === 1 ? "" : "s"} · ${online} online`;
    $("empty").hidden = devices.size > 0;
  }

  function showError(e) {
    $("error").textContent = e && e.message ? e.message : String(e);
    $("error").hidden = false;
  }

  function hideError() { $("error").hidden = true; }

  // ------------------------------------------------------------------ table

  function sortedIds() { return [...devices.keys()].sort(collator.compare); }

  function matches(d) {
    if (!filter) return true;
    return [d.id, d.name, d.type, d.firmware, d.board].some((s) => s && s.toLowerCase().includes(filter));
  }

  function renderTable() {
    const body = $("devices").tBodies[0];
    const ids = sortedIds().filter((id) => matches(devices.get(id)));
    const shown = ids.slice(0, MAX_ROWS);
    const keep = new Set(shown);
    for (const [id, r] of rows) if (!keep.has(id)) { r.tr.remove(); rows.delete(id); }
    shown.forEach((id, i) => {
      let r = rows.get(id);
      if (!r) { r = makeRow(id); rows.set(id, r); }
      if (body.children[i] !== r.tr) body.insertBefore(r.tr, body.children[i] || null);
      updateRow(devices.get(id));
    });
    $("more").hidden = ids.length <= MAX_ROWS;
    $("more").textContent = `Showing ${MAX_ROWS} of ${ids.length} endpoints; type in the filter to narrow the list.`;
    renderCounts();
  }

  function makeRow(id) {
    const cells = {
      dot: el("td", { class: "c-dot" }, el("span", { class: "dot" })),
      device: el("td"),
      type: el("td"),
      firmware: el("td"),
      rssi: el("td", { class: "num" }),
      readings: el("td", { class: "readings" }),
      controls: el("td"),
      ota: el("td"),
      plot: el("td", { class: "c-plot" }),
    };
    const box = el("input", { type: "checkbox", title: "show a plot of this device" });
    box.addEventListener("change", () => {
      if (box.checked) { wantPlot.add(id); openPlot(id); } else { wantPlot.delete(id); closePlot(id); }
    });
    cells.plot.append(box);
    cells.plotBox = box;
    const tr = el("tr", { "data-id": id });
    for (const k of ["dot", "device", "type", "firmware", "rssi", "readings", "controls", "ota", "plot"]) tr.append(cells[k]);
    return { tr, cells, controlsKey: null };
  }

  function updateRow(d) {
    const r = rows.get(d.id);
    if (!r) return;
    const c = r.cells;
    r.tr.className = d.online === false ? "offline" : "";
    c.dot.firstChild.className = "dot " + (d.online === true ? "on" : d.online === false ? "off" : "");
    c.dot.title = d.online === true ? "online" : d.online === false ? "offline" : "no status yet";
    c.device.replaceChildren(el("strong", { textContent: d.id }), d.name && d.name !== d.id ? el("div", { class: "name", textContent: d.name }) : "");
    c.type.textContent = d.type || "?";
    c.firmware.textContent = d.firmware || "?";
    c.rssi.textContent = d.rssi == null ? "–" : `${d.rssi} dBm`;
    c.readings.textContent = d.readings || "–";
    c.plotBox.checked = wantPlot.has(d.id);
    updateControls(r, d);
    updateOta(c.ota, d.ota);
  }

  // Switches and lights a person would use (not config or diagnostic entities).
  function controllable(d) {
    return (d.entities || []).filter((e) => e.writable && !e.category && (e.kind === "switch" || e.kind === "light"));
  }

  function updateControls(r, d) {
    const list = controllable(d);
    const key = list.map((e) => e.id + ":" + e.kind + ":" + (e.brightnessScale || 0)).join(",");
    if (key !== r.controlsKey) {
      r.controlsKey = key;
      r.cells.controls.replaceChildren(...list.map((e) => makeControl(d.id, e)));
    }
    for (const e of list) {
      const ctl = r.cells.controls.querySelector(`[data-entity="${CSS.escape(e.id)}"]`);
      if (!ctl) continue;
      const s = lightState(e);
      const toggle = ctl.querySelector("input[type=checkbox]");
      if (toggle && !toggle.dataset.busy) toggle.checked = s.on;
      toggle.disabled = d.online === false;
      const slider = ctl.querySelector("input[type=range]");
      if (slider && document.activeElement !== slider && !slider.dataset.busy && s.brightness != null) slider.value = s.brightness;
      if (slider) slider.disabled = d.online === false;
    }
  }

  function lightState(e) {
    if (e.kind === "switch") return { on: e.state === "ON" };
    try {
      const s = JSON.parse(e.state || "{}");
      return { on: s.state === "ON", brightness: s.brightness };
    } catch { return { on: false }; }
  }

  function makeControl(id, e) {
    const toggle = el("input", { type: "checkbox", "aria-label": `${id} ${e.name || e.id}` });
    const wrap = el("span", { class: "control", "data-entity": e.id, title: e.name || e.id },
      el("label", { class: "switch" }, toggle, el("span")), el("span", { textContent: e.name || e.id }));
    toggle.addEventListener("change", async () => {
      toggle.dataset.busy = "1";
      const on = toggle.checked;
      try {
        await command(id, e.id, e.kind === "light" ? JSON.stringify({ state: on ? "ON" : "OFF" }) : on ? "ON" : "OFF");
        hideError();
      } catch (err) {
        toggle.checked = !on;
        showError(err);
      } finally {
        delete toggle.dataset.busy;
      }
    });
    if (e.kind === "light" && e.brightnessScale) {
      const slider = el("input", { type: "range", min: "1", max: String(e.brightnessScale), step: "1", "aria-label": `${id} ${e.name || e.id} brightness` });
      slider.addEventListener("change", async () => {
        slider.dataset.busy = "1";
        try {
          await command(id, e.id, JSON.stringify({ state: "ON", brightness: Number(slider.value) }));
          hideError();
        } catch (err) {
          showError(err);
        } finally {
          delete slider.dataset.busy;
        }
      });
      wrap.append(slider);
    }
    return wrap;
  }

  function updateOta(cell, ota) {
    if (!ota) { cell.replaceChildren(); return; }
    const failed = ota.state === "failed" || ota.error;
    const text = el("span", { class: "ota" + (failed ? " failed" : ""), textContent: ota.state + (ota.error ? `: ${ota.error}` : "") });
    const parts = [];
    if (ota.percent != null && !failed && ota.state !== "up-to-date") {
      parts.push(el("progress", { max: 100, value: ota.percent, title: `${ota.percent}%` }), " ");
    }
    parts.push(text);
    if (ota.percent != null && !failed && ota.state !== "up-to-date") parts.push(el("span", { class: "ota", textContent: ` ${ota.percent}%` }));
    cell.replaceChildren(...parts);
  }

  // ------------------------------------------------------------------ plots

  // What a device's plot shows: its numeric readings (sensors, numbers) with their units and its
  // on/off states as steps; diagnostic readings such as RSSI only when it has no reading of its own.
  // Never durations (uptime) or timestamps.
  function seriesOf(d) {
    const numeric = (e) => (e.kind === "sensor" || e.kind === "number") && e.deviceClass !== "duration" && e.deviceClass !== "timestamp";
    const entities = d.entities || [];
    const primary = entities.filter((e) => numeric(e) && e.category !== "diagnostic");
    const values = primary.length > 0 ? primary : entities.filter(numeric);
    const list = values.map((e) => ({ id: e.id, label: e.name || e.id, unit: e.unit || "", state: false }));
    for (const e of entities) {
      if ((e.kind === "switch" || e.kind === "binary_sensor" || e.kind === "light") && !e.category) {
        list.push({ id: e.id, label: e.name || e.id, unit: "", state: true });
      }
    }
    return list;
  }

  const seriesKey = (d) => seriesOf(d).map((s) => s.id + "|" + s.unit).join(",");

  function openPlot(id) {
    if (plots.has(id) || !devices.has(id)) return;
    const d = devices.get(id);
    const card = el("article", { class: "plot", "data-id": id },
      el("h2", {}, d.id, el("span", { class: "name", textContent: d.type ? `${d.type} · ${d.firmware || "?"}` : "" })));
    $("plots").append(card);
    const p = { card, chart: null, series: [], xs: [], ys: [], dirty: false, key: null };
    plots.set(id, p);
    buildChart(id, p);
    fetch(`api/devices/${encodeURIComponent(id)}/history`, { cache: "no-store" })
      .then((r) => r.json())
      .then((points) => {
        for (const [entity, t, v] of points) addPoint(id, entity, t, v);
        flushPlots();
      })
      .catch(showError);
    sortPlotCards();
  }

  function closePlot(id) {
    const p = plots.get(id);
    if (!p) return;
    if (p.chart) p.chart.destroy();
    p.card.remove();
    plots.delete(id);
  }

  function rebuildPlot(id) {
    const p = plots.get(id);
    const old = new Map(p.series.map((s, i) => [s.id, p.ys[i]]));
    buildChart(id, p, old);
  }

  function buildChart(id, p, old = new Map()) {
    const d = devices.get(id);
    if (p.chart) { p.chart.destroy(); p.chart = null; }
    p.card.querySelector(".nodata")?.remove();
    p.series = seriesOf(d);
    p.key = seriesKey(d);
    p.ys = p.series.map((s) => old.get(s.id) || p.xs.map(() => null));
    if (p.series.length === 0) {
      p.card.append(el("p", { class: "nodata", textContent: "No readings to plot yet." }));
      return;
    }
    const units = [...new Set(p.series.filter((s) => !s.state).map((s) => s.unit))];
    const axes = [{}];
    // The time axis runs up to now, so a device that reports seldom (a sensor reporting on change) shows
    // its last reading where it belongs instead of a degenerate one-point range.
    const scales = {
      x: {
        time: true,
        // From the data itself: uPlot widens a single time value by years before asking.
        range: (u) => {
          const now = Date.now() / 1000;
          const xs = u.data[0];
          return xs.length === 0 ? [now - 60, now] : [Math.min(xs[0], now - 60), Math.max(xs[xs.length - 1], now)];
        },
      },
    };
    units.forEach((u, i) => {
      scales[u || "value"] = { auto: true };
      if (i < 2) axes.push({ scale: u || "value", side: i === 0 ? 3 : 1, label: u, grid: { show: i === 0 }, size: 50 });
    });
    if (p.series.some((s) => s.state)) {
      scales.state = { auto: false, range: [-0.1, 1.1] };
      if (units.length === 0) axes.push({ scale: "state", values: (u, ticks) => ticks.map((t) => (t === 1 ? "ON" : t === 0 ? "OFF" : "")), splits: () => [0, 1] });
    }
    const opts = {
      width: chartWidth(p.card),
      height: PLOT_HEIGHT,
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      scales,
      axes,
      series: [{}].concat(p.series.map((s, i) => ({
        label: s.unit ? `${s.label} (${s.unit})` : s.label,
        scale: s.state ? "state" : s.unit || "value",
        stroke: COLORS[i % COLORS.length],
        width: 1.5,
        spanGaps: true,
        paths: s.state ? uPlot.paths.stepped({ align: 1 }) : undefined,
        // A device that reports seldom has lone readings: draw them as dots.
        points: { show: (u, si) => u.data[si].filter((v) => v != null).length < 120, size: 6 },
        value: s.state ? (u, v) => (v == null ? "–" : v ? "ON" : "OFF") : undefined,
      }))),
    };
    p.chart = new uPlot(opts, [p.xs, ...p.ys], p.card);
  }

  function chartWidth(card) { return Math.max(300, card.clientWidth - 24); }

  function sortPlotCards() {
    const container = $("plots");
    [...plots.keys()].sort(collator.compare).forEach((id) => container.append(plots.get(id).card));
  }

  function addPoint(id, entity, t, v) {
    const p = plots.get(id);
    if (!p) return;
    const i = p.series.findIndex((s) => s.id === entity);
    if (i < 0) return;
    const x = t / 1000;
    // Readings arrive in time order per device, except a history fetched after live ones: keep x sorted.
    let at = p.xs.length;
    while (at > 0 && p.xs[at - 1] > x) at--;
    if (at > 0 && p.xs[at - 1] === x) {
      // Readings of one message (a sensor's temperature and humidity) share a row; the same point twice
      // (history and live) is kept once.
      if (p.ys[i][at - 1] == null || p.ys[i][at - 1] === v) {
        p.ys[i][at - 1] = v;
        p.dirty = true;
        return;
      }
    }
    p.xs.splice(at, 0, x);
    // An on/off state holds until it changes: carry it into the new row so its step runs to "now".
    p.ys.forEach((ys, k) => ys.splice(at, 0, k === i ? v : p.series[k].state && at > 0 ? ys[at - 1] : null));
    if (p.xs.length > MAX_POINTS) {
      p.xs.splice(0, p.xs.length - MAX_POINTS);
      p.ys.forEach((ys) => ys.splice(0, ys.length - MAX_POINTS));
    }
    p.dirty = true;
  }

  function flushPlots() {
    for (const p of plots.values()) {
      if (p.dirty && p.chart) {
        p.dirty = false;
        p.chart.setData([p.xs, ...p.ys]);
      }
    }
  }

  // Keep the time axes moving when nothing arrives.
  setInterval(() => {
    for (const p of plots.values()) if (p.chart && !p.dirty) p.chart.setData([p.xs, ...p.ys]);
  }, 5000);

  window.addEventListener("resize", () => {
    for (const p of plots.values()) if (p.chart) p.chart.setSize({ width: chartWidth(p.card), height: PLOT_HEIGHT });
  });

  $("filter").addEventListener("input", (e) => {
    filter = e.target.value.trim().toLowerCase();
    renderTable();
  });

  // For people poking at the page in the browser console, and for the tests.
  window.endpointDashboard = {
    devices,
    plots,
    points: (id) => (plots.get(id) ? plots.get(id).xs.length : 0),
  };

  loadState().then(listen).catch((e) => { showError(e); listen(); });
})();
