// The public world map, made zoomable and pannable (mouse, touch, keyboard) with close pins grouped.
// Without this script the server's SVG still shows every pin, and the list of cities follows as text.
// No tiles, no CDN: only the SVG drawn by the server (the land outline is /map/land.svg).
(function () {
  "use strict";
  var TARGET = 48;        // px: the size of a pin's or group's target on screen (at least 44, with room for rounding)
  var GROUP = 40;         // px: pins closer than this on screen are grouped
  var MAX_ZOOM = 64;
  var SVG_NS = "http://www.w3.org/2000/svg";

  function format(template, value) { return template.replace("{0}", String(value)); }

  function setup(figure) {
    var svg = figure.querySelector("svg");
    var controls = figure.querySelector(".world-map-controls");
    var help = figure.querySelector(".world-map-help");
    var listBox = figure.querySelector(".world-map-cluster-list");
    if (!svg || !controls) { return; }
    var box = svg.viewBox.baseVal;
    var W = box.width, H = box.height;
    var pins = Array.prototype.map.call(svg.querySelectorAll(".world-map-pin"), function (a) {
      return { el: a, x: parseFloat(a.getAttribute("data-x")), y: parseFloat(a.getAttribute("data-y")), name: (a.querySelector("title") || a).textContent };
    });
    var town = svg.querySelector(".world-map-town");
    var groupsLayer = document.createElementNS(SVG_NS, "g");
    groupsLayer.setAttribute("class", "world-map-clusters");
    svg.appendChild(groupsLayer);
    var view = { k: 1, cx: W / 2, cy: H / 2 };

    controls.hidden = false;
    if (help) { help.hidden = false; svg.setAttribute("aria-describedby", help.id); }
    svg.setAttribute("tabindex", "0");
    figure.classList.add("world-map-interactive");

    function scale() { return (svg.clientWidth || svg.getBoundingClientRect().width || W) / (W / view.k); }

    function clamp() {
      view.k = Math.min(MAX_ZOOM, Math.max(1, view.k));
      var halfW = W / view.k / 2, halfH = H / view.k / 2;
      view.cx = Math.min(W - halfW, Math.max(halfW, view.cx));
      view.cy = Math.min(H - halfH, Math.max(halfH, view.cy));
    }

    function render() {
      clamp();
      var w = W / view.k, h = H / view.k;
      svg.setAttribute("viewBox", [view.cx - w / 2, view.cy - h / 2, w, h].map(function (v) { return v.toFixed(2); }).join(" "));
      figure.setAttribute("data-zoom", String(view.k));
      figure.classList.toggle("world-map-zoomed", view.k > 1);
      var s = scale();
      var hit = TARGET / 2 / s, dot = 7 / s;
      if (town) {
        var rect = town.querySelector("rect");
        var tx = parseFloat(town.getAttribute("data-x")), ty = parseFloat(town.getAttribute("data-y")), side = 14 / s;
        rect.setAttribute("x", tx - side / 2); rect.setAttribute("y", ty - side / 2);
        rect.setAttribute("width", side); rect.setAttribute("height", side);
      }
      // Group pins closer than GROUP px on screen (greedy, west to east).
      var left = pins.slice().sort(function (a, b) { return a.x - b.x; });
      var groups = [];
      var limit = GROUP / s;
      while (left.length) {
        var first = left.shift();
        var members = [first];
        left = left.filter(function (p) {
          if (Math.abs(p.x - first.x) < limit && Math.abs(p.y - first.y) < limit) { members.push(p); return false; }
          return true;
        });
        groups.push(members);
      }
      while (groupsLayer.firstChild) { groupsLayer.removeChild(groupsLayer.firstChild); }
      groups.forEach(function (members) {
        if (members.length === 1) {
          var pin = members[0];
          pin.el.classList.remove("world-map-grouped");
          pin.el.querySelector(".world-map-hit").setAttribute("r", hit);
          var d = pin.el.querySelector(".world-map-dot");
          d.setAttribute("r", dot);
          return;
        }
        var x = 0, y = 0;
        members.forEach(function (p) { p.el.classList.add("world-map-grouped"); x += p.x; y += p.y; });
        x /= members.length; y /= members.length;
        var g = document.createElementNS(SVG_NS, "g");
        g.setAttribute("class", "world-map-cluster");
        g.setAttribute("role", "button");
        g.setAttribute("tabindex", "0");
        g.setAttribute("aria-label", format(figure.getAttribute("data-cluster-label"), members.length));
        var c = document.createElementNS(SVG_NS, "circle");
        c.setAttribute("cx", x); c.setAttribute("cy", y); c.setAttribute("r", hit);
        var t = document.createElementNS(SVG_NS, "text");
        t.setAttribute("x", x); t.setAttribute("y", y); t.setAttribute("font-size", 15 / s);
        t.setAttribute("dy", "0.35em"); t.setAttribute("text-anchor", "middle"); t.setAttribute("aria-hidden", "true");
        t.textContent = String(members.length);
        g.appendChild(c); g.appendChild(t);
        g.addEventListener("click", function () { expand(members, x, y); });
        g.addEventListener("keydown", function (e) {
          if (e.key === "Enter" || e.key === " ") { e.preventDefault(); expand(members, x, y, true); }
        });
        groupsLayer.appendChild(g);
      });
    }

    // A group: zoom until its pins part (or show them as a list when they share one place).
    function expand(members, x, y, byKeyboard) {
      closeList();
      if (view.k >= MAX_ZOOM) { showList(members); return; }
      var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
      members.forEach(function (p) { minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y); });
      var spread = Math.max(maxX - minX, (maxY - minY) * W / H, 0.01);
      view.k = Math.min(MAX_ZOOM, Math.max(view.k * 2, (W / spread) / 3));
      view.cx = x; view.cy = y;
      render();
      if (byKeyboard) { svg.focus(); }
    }

    function showList(members) {
      if (!listBox) { return; }
      listBox.textContent = "";
      var heading = document.createElement("p");
      heading.className = "world-map-cluster-title";
      heading.textContent = format(figure.getAttribute("data-cluster-list-label"), members.length);
      var ul = document.createElement("ul");
      members.forEach(function (p) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = p.el.getAttribute("href");
        a.textContent = p.name;
        li.appendChild(a); ul.appendChild(li);
      });
      listBox.appendChild(heading); listBox.appendChild(ul);
      listBox.hidden = false;
      ul.querySelector("a").focus();
    }

    function closeList() { if (listBox) { listBox.hidden = true; listBox.textContent = ""; } }

    function zoomBy(factor, px, py) {
      // Keep the map point under (px, py) (svg pixels; default the centre) where it is.
      var s = scale();
      var rect = svg.getBoundingClientRect();
      var ox = px === undefined ? rect.width / 2 : px, oy = py === undefined ? rect.height / 2 : py;
      var mx = view.cx + (ox - rect.width / 2) / s, my = view.cy + (oy - rect.height / 2) / s;
      var k = Math.min(MAX_ZOOM, Math.max(1, view.k * factor));
      var ratio = view.k / k;
      view.cx = mx - (mx - view.cx) * ratio; view.cy = my - (my - view.cy) * ratio;
      view.k = k;
      closeList();
      render();
    }

    function panBy(dx, dy) { // in screen pixels
      var s = scale();
      view.cx += dx / s; view.cy += dy / s;
      render();
    }

    controls.addEventListener("click", function (e) {
      var button = e.target.closest("button[data-map-action]");
      if (!button) { return; }
      var action = button.getAttribute("data-map-action");
      if (action === "in") { zoomBy(2); }
      else if (action === "out") { zoomBy(0.5); }
      else { view = { k: 1, cx: W / 2, cy: H / 2 }; closeList(); render(); }
    });

    figure.addEventListener("keydown", function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey) { return; }
      var rect = svg.getBoundingClientRect(), step = Math.max(rect.width, rect.height) / 4;
      switch (e.key) {
        case "+": case "=": zoomBy(2); break;
        case "-": case "_": case "\u2212": zoomBy(0.5); break;
        case "0": view = { k: 1, cx: W / 2, cy: H / 2 }; closeList(); render(); break;
        case "ArrowLeft": panBy(-step, 0); break;
        case "ArrowRight": panBy(step, 0); break;
        case "ArrowUp": panBy(0, -step); break;
        case "ArrowDown": panBy(0, step); break;
        case "Escape": if (listBox && !listBox.hidden) { closeList(); svg.focus(); } return;
        default: return;
      }
      e.preventDefault();
    });

    svg.addEventListener("wheel", function (e) {
      if (!e.ctrlKey && !figure.classList.contains("world-map-zoomed") && e.deltaY > 0) { return; } // let the page scroll
      e.preventDefault();
      var rect = svg.getBoundingClientRect();
      zoomBy(e.deltaY < 0 ? 1.5 : 1 / 1.5, e.clientX - rect.left, e.clientY - rect.top);
    }, { passive: false });

    // Dragging (mouse, pen, one finger) pans; two fingers pinch to zoom. A drag is not a click on a pin.
    var pointers = new Map(), dragged = false, pinch = null;
    svg.addEventListener("pointerdown", function (e) {
      pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
      dragged = false;
      if (pointers.size === 2) {
        var p = Array.from(pointers.values());
        pinch = Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y);
      }
    });
    svg.addEventListener("pointermove", function (e) {
      var last = pointers.get(e.pointerId);
      if (!last) { return; }
      if (pointers.size === 1) {
        var dx = e.clientX - last.x, dy = e.clientY - last.y;
        if (!dragged && Math.hypot(dx, dy) < 4) { return; }
        if (!dragged) { try { svg.setPointerCapture(e.pointerId); } catch (err) { /* already released */ } }
        dragged = true;
        pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
        panBy(-dx, -dy);
      } else if (pointers.size === 2 && pinch) {
        pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
        var p = Array.from(pointers.values());
        var distance = Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y);
        var rect = svg.getBoundingClientRect();
        dragged = true;
        zoomBy(distance / pinch, (p[0].x + p[1].x) / 2 - rect.left, (p[0].y + p[1].y) / 2 - rect.top);
        pinch = distance;
      }
    });
    function release(e) { pointers.delete(e.pointerId); if (pointers.size < 2) { pinch = null; } }
    svg.addEventListener("pointerup", release);
    svg.addEventListener("pointercancel", release);
    svg.addEventListener("click", function (e) { if (dragged) { e.preventDefault(); e.stopPropagation(); dragged = false; } }, true);

    var resizeTimer = null;
    window.addEventListener("resize", function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(render, 100); });
    render();
  }

  function start() { document.querySelectorAll("figure[data-world-map]").forEach(setup); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
