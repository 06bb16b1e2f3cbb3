// The preview's reload script: served by `invoke livereload`, never written to output/.
// It listens for updates (Server-Sent Events), reloads the page, swaps stylesheets in
// place, and shows the build's errors over the page until the next good save.
(function () {
  "use strict";
  var me = document.currentScript;
  var shown = Number(new URL(me.src).searchParams.get("epoch"));
  var server = null;
  var panel = null;
  // Set while the reader is leaving this page (a link, the address bar, Back): a reload
  // now would cancel that navigation, so it waits; if the page stays after all, it runs.
  var leaving = false;
  var missed = false;

  window.addEventListener("beforeunload", function () {
    leaving = true;
    setTimeout(function () {
      leaving = false;
      if (missed) { missed = false; location.reload(); }
    }, 10000);  // a navigation waits for a refresh under way (seconds on a big site)
  });

  function reload() {
    if (leaving) { missed = true; return; }
    location.reload();
  }

  function show(problems, note) {
    if (panel) { panel.remove(); panel = null; }
    if (!note && (!problems || problems.length === 0)) { return; }
    panel = document.createElement("aside");
    panel.id = "preview-problems";
    panel.setAttribute("role", "alert");
    var s = panel.style;
    s.position = "fixed"; s.left = "0"; s.right = "0"; s.bottom = "0"; s.zIndex = "2147483647";
    s.maxHeight = "50vh"; s.overflow = "auto"; s.margin = "0"; s.padding = "1em 1.5em";
    s.background = "#fff4f4"; s.color = "#5c0000"; s.borderTop = "4px solid #b00020";
    s.font = "15px/1.45 system-ui, sans-serif"; s.whiteSpace = "pre-wrap";
    var title = document.createElement("strong");
    title.textContent = note || (problems.length === 1 ? "The build has a problem:" :
      "The build has " + problems.length + " problems:");
    panel.appendChild(title);
    (problems || []).forEach(function (p) {
      var line = document.createElement("p");
      line.style.margin = "0.5em 0 0";
      line.textContent = (p.file ? p.file + (p.line ? ", line " + p.line : "") +
        (p.field ? ", field " + p.field : "") + ": " : "") + p.level + ": " + p.message;
      panel.appendChild(line);
    });
    document.body.appendChild(panel);
  }

  function swapStyles(epoch, names) {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      var name = url.pathname.split("/").pop();
      if (names.length && names.indexOf(name) < 0) { return; }  // not the saved one
      url.searchParams.set("preview", String(epoch));
      link.href = url.toString();
    });
  }

  var events = new EventSource("/__preview/events?path=" + encodeURIComponent(location.pathname));
  events.addEventListener("hello", function (e) {
    var d = JSON.parse(e.data);
    if ((server !== null && server !== d.server) || d.epoch !== shown) {
      reload();
      return;
    }
    server = d.server;
    show(d.problems);
  });
  events.addEventListener("update", function (e) {
    var d = JSON.parse(e.data);
    if (d.styles_only) {
      shown = d.epoch;
      swapStyles(d.epoch, d.styles || []);
      show(d.problems);
    } else if (d.moved && d.moved[location.pathname]) {
      if (!leaving) { location.assign(d.moved[location.pathname]); }  // a new address
    } else {
      reload();
    }
  });
  events.addEventListener("restart", function (e) {
    show([], JSON.parse(e.data).message);
  });
})();
