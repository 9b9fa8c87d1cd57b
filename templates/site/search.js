/* The index page's two enhancements (offerprint site). Without this script the page still
   lists every setting by kind, with links to a page per kind and per age range.
   1. Filter: show settings of one kind and/or age range in place.
   2. Search: Pagefind's index in pagefind/ (made by the build), loaded only when asked.
      Opened from a file (file://), Pagefind's files come from pagefind/offline.js instead. */
(function () {
  "use strict";

  function filterSetup() {
    var form = document.getElementById("filter-form");
    if (!form) { return; }
    var kind = document.getElementById("filter-kind");
    var age = document.getElementById("filter-age");
    var status = document.getElementById("filter-status");
    function apply() {
      var shown = 0;
      var groups = document.querySelectorAll(".listing .kind");
      for (var g = 0; g < groups.length; g++) {
        var items = groups[g].querySelectorAll(".setting");
        var visible = 0;
        for (var i = 0; i < items.length; i++) {
          var ok = (!kind.value || items[i].getAttribute("data-kind") === kind.value) &&
                   (!age.value || (" " + items[i].getAttribute("data-ages") + " ").indexOf(" " + age.value + " ") >= 0);
          items[i].hidden = !ok;
          if (ok) { visible++; }
        }
        groups[g].hidden = visible === 0;
        shown += visible;
      }
      status.textContent = (kind.value || age.value) ?
        "Showing " + shown + (shown === 1 ? " setting." : " settings.") : "";
    }
    kind.addEventListener("change", apply);
    age.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
  }

  function searchSetup() {
    var form = document.getElementById("search-form");
    if (!form) { return; }
    var note = document.getElementById("search-unavailable");
    var input = document.getElementById("search-words");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var pagefind = null;
    var base = new URL(".", location.href);

    /* Opened from a file (a USB stick): browsers will not fetch pagefind/ nor import it as a
       module, so its files come from pagefind/offline.js (a plain script) and Pagefind's
       fetches are answered from there. */
    var OFFLINE = "/offline-pagefind/";

    function offlineFiles() {
      return new Promise(function (resolve, reject) {
        if (window.offerprintPagefindFiles) { resolve(window.offerprintPagefindFiles); return; }
        var script = document.createElement("script");
        script.src = "pagefind/offline.js";
        script.onload = function () { resolve(window.offerprintPagefindFiles); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }

    function bytes(b64) {
      var raw = atob(b64);
      var out = new Uint8Array(raw.length);
      for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
      return out;
    }

    function loadOffline() {
      return offlineFiles().then(function (files) {
        var realFetch = window.fetch ? window.fetch.bind(window) : null;
        window.fetch = function (input, init) {
          var url = typeof input === "string" ? input : input.url;
          var at = url.indexOf(OFFLINE);
          if (at >= 0) {
            var name = url.slice(at + OFFLINE.length).split("?")[0];
            if (files[name]) { return Promise.resolve(new Response(bytes(files[name]))); }
            return Promise.resolve(new Response("", { status: 404 }));
          }
          return realFetch ? realFetch(input, init) : Promise.reject(new Error("no fetch"));
        };
        var module = URL.createObjectURL(new Blob([bytes(files["pagefind.js"])], { type: "text/javascript" }));
        return import(module).then(function (pf) {
          return pf.options({ basePath: OFFLINE, baseUrl: "/", noWorker: true }).then(function () { return pf; });
        });
      });
    }

    function load() {
      if (!pagefind) {
        pagefind = location.protocol === "file:" ? loadOffline() :
          import(new URL("pagefind/pagefind.js", base).href).then(function (pf) {
            return pf.options({ baseUrl: base.pathname }).then(function () { return pf; });
          });
      }
      return pagefind;
    }

    function href(url) {
      /* Pagefind's result links start at the site's root ("/settings/x.html"): from a file, make
         them relative to this page. */
      return location.protocol === "file:" ? url.replace(/^\//, "") : url;
    }

    function show(words, results) {
      list.textContent = "";
      results.forEach(function (r) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = href(r.url);
        a.textContent = (r.meta && r.meta.title) || r.url;
        li.appendChild(a);
        var p = document.createElement("p");
        /* Pagefind's excerpt is escaped text with <mark> around the words found. */
        p.innerHTML = r.excerpt;
        li.appendChild(p);
        list.appendChild(li);
      });
      status.textContent = results.length ?
        results.length + (results.length === 1 ? " setting" : " settings") + " found for \u201c" + words + "\u201d, best match first." :
        "No setting found for \u201c" + words + "\u201d. Try fewer or different words.";
    }

    function run(words) {
      status.textContent = "Searching\u2026";
      load().then(function (pf) { return pf.search(words); }).then(function (found) {
        return Promise.all(found.results.slice(0, 30).map(function (r) { return r.data(); }));
      }).then(function (results) { show(words, results); }).catch(function () {
        status.textContent = "Search could not start here. Every setting is listed below.";
      });
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var words = input.value.trim();
      if (!words) { return; }
      /* index.html?q=words: a search can be bookmarked or sent as a link */
      history.replaceState(null, "", "?q=" + encodeURIComponent(words) + "#search");
      run(words);
    });
    note.hidden = true;
    form.hidden = false;
    var asked = new URLSearchParams(location.search).get("q");
    if (asked && asked.trim()) {
      input.value = asked.trim();
      run(asked.trim());
    }
  }

  filterSetup();
  searchSetup();
  window.offerprintSearchReady = true;
})();
