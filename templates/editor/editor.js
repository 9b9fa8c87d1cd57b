// The offer editor's small script: checks the offer as you type (debounced), shows each
// finding next to its field, previews answers, and follows the print pack. Everything it
// sends goes to the offerprint server on this computer; the page works without it too.
(function () {
  "use strict";
  var form = document.getElementById("offer-form");
  if (!form) { return; }
  var token = new URLSearchParams(location.search).get("token") || "";
  var csrf = form.querySelector("input[name=csrf]").value;
  var timer = null, running = null, again = false, dirty = false, lastFieldTexts = {};

  function url(path, params) {
    var q = new URLSearchParams(params || {});
    q.set("token", token);
    return path + "?" + q.toString();
  }
  function byId(id) { return document.getElementById(id); }

  // The field a finding is about, or the nearest group on the page that holds it.
  function listFor(field, lists) {
    var name = field || "";
    while (name) {
      if (lists[name]) { return lists[name]; }
      var shorter = name.replace(/(\.[A-Za-z_]+|\[\d+\])$/, "");
      if (shorter === name) { break; }
      name = shorter;
    }
    return null;
  }

  function place(findings) {
    var lists = {};
    document.querySelectorAll("ul[data-findings-for]").forEach(function (ul) {
      lists[ul.getAttribute("data-findings-for")] = ul;
      ul.textContent = "";
    });
    var general = byId("general-findings");
    general.textContent = "";
    var texts = {};
    findings.forEach(function (f) {
      var ul = listFor(f.field, lists) || general;
      var li = document.createElement("li");
      li.className = f.level;
      li.textContent = f.text;
      ul.appendChild(li);
      var key = ul.getAttribute("data-findings-for") || "";
      texts[key] = (texts[key] || "") + f.text + " ";
    });
    Object.keys(lists).forEach(function (name) { lists[name].hidden = !lists[name].children.length; });
    if (!general.children.length) {
      var li = document.createElement("li");
      li.className = "note";
      li.textContent = "Nothing to fix for the offer as a whole.";
      general.appendChild(li);
    }
    return texts;
  }

  function update(data) {
    var texts = place(data.findings);
    Object.keys(data.previews).forEach(function (name) {
      var box = document.querySelector('[data-field="' + CSS.escape(name) + '"] .preview');
      if (box) { box.innerHTML = data.previews[name]; } // offerprint's own safe HTML
    });
    Object.keys(data.notes).forEach(function (name) {
      var note = document.querySelector('[data-field="' + CSS.escape(name) + '"] .notes');
      if (note) { note.textContent = data.notes[name]; }
    });
    var table = byId("qualities");
    if (data.summary.length) {
      var body = table.querySelector("tbody");
      body.textContent = "";
      data.summary.forEach(function (q) {
        var tr = document.createElement("tr");
        var th = document.createElement("th");
        th.scope = "row";
        th.textContent = q.quality;
        tr.appendChild(th);
        [q.mark, q.errors, q.warnings].forEach(function (value, i) {
          var td = document.createElement("td");
          td.textContent = String(value);
          if (i === 0) { td.className = "mark " + q.mark.toLowerCase(); }
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
    }
    table.hidden = !data.summary.length;
    var auditList = byId("audit-lines");
    auditList.textContent = "";
    data.audit.forEach(function (line) {
      var li = document.createElement("li");
      li.textContent = line;
      auditList.appendChild(li);
    });
    byId("audit").hidden = !data.audit.length;
    byId("review-warning").textContent = data.review;
    byId("review-warning").hidden = !data.review;
    byId("disk-warning").hidden = !data.disk_changed;
    byId("save-state").textContent = data.dirty ? "Changes not saved yet." : "All changes saved.";
    dirty = data.dirty;
    // Say what changed where the person is typing (the headline says the totals).
    var focused = document.activeElement && document.activeElement.name;
    var list = focused ? listFor(focused, (function () {
      var m = {};
      document.querySelectorAll("ul[data-findings-for]").forEach(function (ul) { m[ul.getAttribute("data-findings-for")] = ul; });
      return m;
    })()) : null;
    var key = list ? list.getAttribute("data-findings-for") : "";
    var here = texts[key] || "";
    var headline = data.headline;
    if (list && here !== (lastFieldTexts[key] || "")) {
      headline += here ? " Here: " + here : " Nothing to fix here now.";
    }
    byId("headline").textContent = headline;
    byId("bar-headline").textContent = data.headline;
    lastFieldTexts = texts;
  }

  function check() {
    if (running) { again = true; return running; }
    var body = new FormData(form);
    running = fetch(url("/check"), {method: "POST", body: body, headers: {"X-CSRF-Token": csrf},
                                     credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(update)
      .catch(function (status) {
        byId("headline").textContent = "The offer could not be checked just now (" + status + "). Reload the page if this goes on.";
      })
      .then(function () {
        running = null;
        if (again) { again = false; return check(); }
      });
    return running;
  }
  function soon() {
    dirty = true;
    byId("save-state").textContent = "Changes not saved yet.";
    clearTimeout(timer);
    timer = setTimeout(check, 600);
  }
  function flush() {
    if (timer) { clearTimeout(timer); timer = null; return check(); }
    return running || Promise.resolve();
  }

  // Pictures: show the chosen picture beside its box.
  var libraryNames = {};
  document.querySelectorAll("#picture-names option").forEach(function (o) { libraryNames[o.value] = o.textContent; });
  function showPicture(input) {
    var img = document.querySelector('img[data-picture-for="' + CSS.escape(input.name) + '"]');
    if (!img) { return; }
    var name = input.value.trim();
    var altBox = document.querySelector('[data-alt-for="' + CSS.escape(input.name) + '"]');
    if (altBox) {
      var isLibrary = libraryNames[name] !== undefined && name.indexOf(".") < 0;
      altBox.hidden = isLibrary && !altBox.querySelector("input").value;
    }
    if (libraryNames[name] !== undefined && name.indexOf(".") < 0) {
      img.src = url("/picture/" + encodeURIComponent(name));
      img.hidden = false;
    } else if (libraryNames[name] !== undefined) {
      img.src = url("/file/" + name.split("/").map(encodeURIComponent).join("/"));
      img.hidden = false;
    } else {
      img.hidden = true;
    }
  }

  form.addEventListener("input", function (event) {
    var list = event.target.getAttribute("list");
    if (list === "picture-names" || list === "photo-files") { showPicture(event.target); }
    soon();
  });
  form.addEventListener("change", function (event) {
    if (event.target.name === "setting.kind" || event.target.name === "offer.questions") {
      // The questions and their wording depend on these: show the page again (the unsaved
      // text is kept by the server).
      clearTimeout(timer);
      check().then(function () { dirty = false; location.reload(); });
      return;
    }
    soon();
  });
  form.addEventListener("submit", function () { dirty = false; clearTimeout(timer); });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });

  // Preview: bring the server's copy of the draft up to date first.
  var previewForm = byId("preview-form");
  var frame = byId("preview-frame");
  var sizeField = byId("preview-size").closest(".field");
  function showSize() { sizeField.hidden = byId("preview-format").value !== "large-print"; }
  byId("preview-format").addEventListener("change", showSize);
  showSize();
  previewForm.addEventListener("submit", function (event) {
    event.preventDefault();
    byId("preview-state").textContent = "Making the preview…";
    flush().then(function () {
      var params = {format: byId("preview-format").value, v: String(Date.now())};
      if (params.format === "large-print") { params.size = byId("preview-size").value; }
      frame.src = url("/preview", params);
    });
  });
  frame.addEventListener("load", function () {
    if (frame.getAttribute("src") !== "about:blank") { byId("preview-state").textContent = "The preview is ready below."; }
  });

  // The print pack: follow its progress.
  function followPack() {
    fetch(url("/pack/status"), {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (s) {
      byId("pack-progress-box").hidden = false;
      var bar = byId("pack-progress");
      bar.max = s.total || 1;
      bar.value = s.done;
      bar.textContent = s.done + " of " + s.total;
      var lines = byId("pack-lines");
      lines.textContent = "";
      s.lines.forEach(function (line) { var li = document.createElement("li"); li.textContent = line; lines.appendChild(li); });
      if (s.running) {
        byId("pack-state").textContent = s.total ? s.done + " of " + s.total + " documents made." : "Starting…";
        setTimeout(followPack, 800);
        return;
      }
      byId("pack-button").disabled = false;
      byId("pack-state").textContent = s.ok ? "The pack is ready. Open README.txt first." : "Some documents could not be made: see the lines above.";
      var files = byId("pack-files");
      files.textContent = "";
      s.files.forEach(function (f) {
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = f.url;
        a.textContent = f.name;
        li.appendChild(a);
        files.appendChild(li);
      });
    });
  }
  var packForm = byId("pack-form");
  packForm.addEventListener("submit", function (event) {
    event.preventDefault();
    if (dirty) {
      byId("pack-progress-box").hidden = false;
      byId("pack-state").textContent = "Save the offer first: the print pack is made from the saved offer.";
      return;
    }
    byId("pack-button").disabled = true;
    fetch(packForm.action, {method: "POST", body: new FormData(packForm), credentials: "same-origin"})
      .then(function (r) {
        if (!r.ok) { return r.text().then(function (t) { throw new Error(new DOMParser().parseFromString(t, "text/html").body.textContent.trim()); }); }
        followPack();
      })
      .catch(function (e) { byId("pack-button").disabled = false; byId("pack-state").textContent = String(e.message || e); byId("pack-progress-box").hidden = false; });
  });
  if (byId("pack-state").textContent.indexOf("documents made") >= 0) { followPack(); }

  var initial = JSON.parse(byId("initial-analysis").textContent);
  dirty = initial.dirty;
  lastFieldTexts = place(initial.findings);
})();
