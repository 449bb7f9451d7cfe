/* Motions Library: list filters, sorting and "copy link". Plain script; pages work without it. */
(function () {
  "use strict";

  function setUpFilters(form) {
    var list = document.querySelector(".ml-list");
    if (!list) return;
    var items = Array.prototype.slice.call(list.querySelectorAll(".ml-item"));
    var shown = form.querySelector(".ml-shown");
    function apply() {
      var status = form.elements.status.value;
      var topic = form.elements.topic.value;
      var count = 0;
      items.forEach(function (item) {
        var topics = item.getAttribute("data-topics").split("|");
        var visible = (!status || item.getAttribute("data-status") === status) &&
          (!topic || topics.indexOf(topic) !== -1);
        item.hidden = !visible;
        if (visible) count += 1;
      });
      var sign = form.elements.order.value === "oldest" ? 1 : -1;
      items.slice().sort(function (a, b) {
        var x = a.getAttribute("data-date"), y = b.getAttribute("data-date");
        return x === y ? 0 : (x < y ? -sign : sign);
      }).forEach(function (item) { list.appendChild(item); });
      shown.textContent = count + " shown";
    }
    form.addEventListener("change", apply);
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

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".ml-filters"), setUpFilters);
    Array.prototype.forEach.call(document.querySelectorAll(".ml-copy"), setUpCopy);
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(start); // Material's instant navigation
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
