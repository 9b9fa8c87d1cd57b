/* The index page's two enhancements (offerprint site). Without this script the page still
   lists every setting by kind, with links to a page per kind and per age range.
   1. Filter: show settings of one kind and/or age range in place.
   2. Search: Pagefind's index in pagefind/ (made by the build), loaded only when asked.
      Pagefind needs the site opened from a web address (http:// or https://, a local server
      will do); opened from a file, the page says so and keeps the lists. */
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
    if (location.protocol === "file:") {
      note.textContent = "Search works when the site is opened from a web address. On this copy, " +
        "find a setting in the lists below, by kind or by age.";
      return;
    }
    var input = document.getElementById("search-words");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var pagefind = null;
    var base = new URL(".", location.href);

    function load() {
      if (!pagefind) {
        pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (pf) {
          return pf.options({ baseUrl: base.pathname }).then(function () { return pf; });
        });
      }
      return pagefind;
    }

    function show(words, results) {
      list.textContent = "";
      results.forEach(function (r) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = r.url;
        a.textContent = (r.meta && r.meta.title) || r.url;
        li.appendChild(a);
        var p = document.createElement("p");
        /* Pagefind's excerpt is escaped text with <mark> around the words found. */
        p.innerHTML = r.excerpt;
        li.appendChild(p);
        list.appendChild(li);
      });
      status.textContent = results.length ?
        results.length + (results.length === 1 ? " setting mentions " : " settings mention ") + "\u201c" + words + "\u201d." :
        "No setting mentions \u201c" + words + "\u201d. Try fewer or different words.";
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
