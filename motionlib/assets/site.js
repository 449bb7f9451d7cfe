/* Motions Library: list filters, sorting and "copy link". Plain script; pages work without it. */
(function () {
  "use strict";

  var FILTERS = ["status", "topic", "order"];

  /* The filters live in the address (?status=passed&topic=Housing), so a filtered list can be
     shared and survives a reload. */
  function readAddress(form) {
    var params = new URLSearchParams(window.location.search);
    FILTERS.forEach(function (name) {
      var value = params.get(name), select = form.elements[name];
      if (value !== null && Array.prototype.some.call(select.options, function (o) {
        return o.value === value;
      })) select.value = value;
    });
  }

  function writeAddress(form) {
    var params = new URLSearchParams(window.location.search);
    FILTERS.forEach(function (name) {
      var value = form.elements[name].value;
      if (value && !(name === "order" && value === "newest")) params.set(name, value);
      else params.delete(name);
    });
    var query = params.toString();
    window.history.replaceState(window.history.state, "",
      window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  function setUpFilters(form) {
    var list = document.querySelector(".ml-list");
    if (!list) return;
    var listing = list.closest(".ml-listing");
    var rowsLink = listing && listing.querySelector("a.ml-rows");
    var more = rowsLink ? rowsLink.href : null;  // a large list: the rest on demand
    var loading = null;
    var items, order;
    function scan() {
      items = Array.prototype.slice.call(list.querySelectorAll(".ml-item"));
      order = new Map(items.map(function (item, index) { return [item, index]; }));
    }
    scan();
    var total = document.querySelector(".ml-total");
    var all = more ? Number(listing.getAttribute("data-total")) : items.length;
    var showAll = document.querySelector(".ml-show-all");

    /* Every row, from rows.json (made with the page by our own templates), once. */
    function loadAll() {
      if (!more) return Promise.resolve();
      if (!loading) {
        loading = fetch(more).then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        }).then(function (data) {
          var fresh = document.createElement("template");
          fresh.innerHTML = data.html;
          list.replaceWith(fresh.content.querySelector(".ml-list"));
          list = listing.querySelector(".ml-list");
          more = null;
          if (showAll) showAll.hidden = true;
          scan();
        });
      }
      return loading;
    }

    readAddress(form);
    function apply() {
      var status = form.elements.status.value;
      var topic = form.elements.topic.value;
      var oldest = form.elements.order.value === "oldest";
      if (more && (status || topic || oldest)) {
        loadAll().then(apply, function () { total.textContent = "The full list could not be loaded; use the years below."; });
        return;
      }
      var count = 0;
      items.forEach(function (item) {
        var topics = item.getAttribute("data-topics").split("|");
        var visible = (!status || item.getAttribute("data-status") === status) &&
          (!topic || topics.indexOf(topic) !== -1);
        item.hidden = !visible;
        if (visible) count += 1;
      });
      // Newest first is the page's own order (by date, then title; a meeting page's is its
      // agenda, whose rows share one data-group, so its order stays); oldest first turns it round.
      items.slice().sort(function (a, b) {
        var x = Number(a.getAttribute("data-group")), y = Number(b.getAttribute("data-group"));
        if (oldest && x !== y) return x - y;
        return order.get(a) - order.get(b);
      }).forEach(function (item) { list.appendChild(item); });
      var noun = all === 1 ? " motion" : " motions";
      if (more) {
        total.textContent = all + noun + ": the newest " + items.length + " below";
      } else {
        total.textContent = count === all ? all + noun : count + " of " + all + noun + " shown";
      }
    }
    if (showAll && more) {
      showAll.hidden = false;
      showAll.addEventListener("click", function () { loadAll().then(apply); });
    }
    form.addEventListener("change", function () { apply(); writeAddress(form); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function setUpCopy(button) {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var link = document.querySelector('link[rel="canonical"]');
      var address = link ? link.href : window.location.href.split("#")[0];
      navigator.clipboard.writeText(address).then(function () {
        button.textContent = "Link copied";
      });
    });
  }

  /* "Line numbers": the motion's text lines (the same as in its PDF and Word file), shown or
     hidden; the choice is kept for the next motion opened. */
  function setUpLines(switcher) {
    var button = switcher.querySelector("button");
    var bodies = button.getAttribute("aria-controls").split(" ").map(function (id) {
      return document.getElementById(id);
    }).filter(Boolean);  // the text as adopted has lines of its own, above the submitted one
    if (!bodies.length) return;
    var saved = null;
    try { saved = window.localStorage.getItem("motionlib-lines"); } catch (e) { /* private mode */ }
    function show(on) {
      bodies.forEach(function (body) { body.classList.toggle("ml-lines", on); });
      button.setAttribute("aria-pressed", on ? "true" : "false");
    }
    if (saved !== null) show(saved === "on");
    // An amendment's "at line 12" links here as #L12: the line is shown with its number.
    // The line is in the text as submitted, folded away under a carried motion's adopted text:
    // the fold opens.
    if (/^#L\d+$/.test(window.location.hash)) {
      show(true);
      var line = document.getElementById(window.location.hash.slice(1));
      var fold = line && line.closest("details");
      if (fold) fold.open = true;
      if (line) line.scrollIntoView({ block: "center" });
    }
    button.addEventListener("click", function () {
      var on = button.getAttribute("aria-pressed") !== "true";
      show(on);
      try { window.localStorage.setItem("motionlib-lines", on ? "on" : "off"); } catch (e) { /* ok */ }
    });
    switcher.hidden = false;
  }

  /* The search page: Pagefind's modular interface (a seventh of the full one's weight) joined
     to the page's own search box, loading the site's index (pagefind/) fragment by fragment,
     and running the query the address carries (?q=…, as the home page's search box sends it). */
  function setUpSearch(box) {
    var bundle = box.getAttribute("data-bundle");
    var input = document.getElementById("ml-search-q");
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = bundle + "pagefind-modular-ui.css";
    document.head.appendChild(style);
    var script = document.createElement("script");
    script.src = bundle + "pagefind-modular-ui.js";
    script.onload = function () {
      var ui = window.PagefindModularUI;
      // Pagefind's result addresses start at the site's root: where the site is, wherever hosted.
      var root = new URL(bundle, window.location.href).pathname.replace(/pagefind\/$/, "");
      var search = new ui.Instance({ bundlePath: bundle, baseUrl: root });
      search.add(new ui.Input({ inputElement: "#ml-search-q" }));
      search.add(new ui.Summary({ containerElement: "#ml-search-summary" }));
      search.add(new ui.ResultList({ containerElement: "#ml-search-results", resultTemplate: resultItem }));
      input.form.addEventListener("submit", function (event) { event.preventDefault(); });
      var query = new URLSearchParams(window.location.search).get("q");
      if (query) {
        input.value = query;
        search.triggerSearch(query);
      }
      input.focus();
    };
    script.onerror = function () {
      box.textContent = "Search could not be loaded; the lists by date, topic and submitter have every motion.";
    };
    document.head.appendChild(script);
  }

  /* One search result: its title, then who submitted it, its status and date on a line of
     their own (the page's data-pagefind-meta), then the matching words of its text. */
  function resultItem(result) {
    function element(tag, name, parent) {
      var made = document.createElement(tag);
      made.className = name;
      if (parent) parent.appendChild(made);
      return made;
    }
    var meta = result.meta || {};
    var item = element("li", "pagefind-modular-list-result ml-search-result");
    var inner = element("div", "pagefind-modular-list-inner", item);
    var link = element("a", "pagefind-modular-list-link", element("p", "pagefind-modular-list-title", inner));
    link.href = meta.url || result.url;
    link.textContent = meta.title || "";
    var facts = [meta.submitter, meta.status, meta.date].filter(Boolean).join(" · ");
    if (facts) element("p", "ml-search-result__facts", inner).textContent = facts;
    element("p", "pagefind-modular-list-excerpt", inner).innerHTML = result.excerpt || "";  // Pagefind's, marked
    return item;
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("#ml-search"), setUpSearch);
    Array.prototype.forEach.call(document.querySelectorAll(".ml-filters"), setUpFilters);
    Array.prototype.forEach.call(document.querySelectorAll(".ml-copy"), setUpCopy);
    Array.prototype.forEach.call(document.querySelectorAll(".ml-lines-switch"), setUpLines);
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(start); // Material's instant navigation
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
