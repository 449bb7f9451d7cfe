/* Motions Library: "Adapt this motion" on template motion pages. No server: the motion on the
   page, the copied text and the Word file are filled in here, in the browser. The Word file is
   the published template .docx (a ZIP) with its content controls filled in; ZIP entries are
   read with the browser's DecompressionStream, and the changed document is stored uncompressed.
   Values are remembered on this device (localStorage) by placeholder name, so a secretary types
   the branch name once for every motion. Without JavaScript the form stays hidden and the page
   keeps its plain downloads. */
(function () {
  "use strict";

  var W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
  var STORE = "motionlib.field.";

  function remember(name, value) {
    try { window.localStorage.setItem(STORE + name, value); } catch (e) { /* private mode */ }
  }

  function recall(name) {
    try { return window.localStorage.getItem(STORE + name) || ""; } catch (e) { return ""; }
  }

  function values(form) {
    var found = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[data-name]"), function (input) {
      found[input.getAttribute("data-name")] = input.value.trim();
    });
    return found;
  }

  /* The motion on the page: each [[placeholder]] shows what was typed for it. */
  function showOnPage(form) {
    var given = values(form);
    Array.prototype.forEach.call(document.querySelectorAll(".ml-body mark.placeholder"), function (mark) {
      if (!mark.hasAttribute("data-placeholder")) mark.setAttribute("data-placeholder", mark.textContent);
      var original = mark.getAttribute("data-placeholder");
      var value = given[original.slice(2, -2).trim()];
      mark.textContent = value || original;
      mark.classList.toggle("ml-filled", Boolean(value));
    });
    Array.prototype.forEach.call(document.querySelectorAll(".ml-closing dd[data-name]"), function (dd) {
      dd.textContent = given[dd.getAttribute("data-name")] || "";
    });
  }

  function plainText(form) {
    var body = document.querySelector(".ml-body");
    var given = values(form);
    var closing = Array.prototype.map.call(form.querySelectorAll("input[data-closing]"), function (input) {
      return input.getAttribute("data-name") + ": " + (given[input.getAttribute("data-name")] || "");
    });
    return [form.getAttribute("data-title"), body.innerText.trim(), closing.join("\n")].join("\n\n") + "\n";
  }

  /* ZIP, as much as a .docx needs ------------------------------------------------------- */
  function readZip(buffer) {
    var view = new DataView(buffer), end = buffer.byteLength - 22;
    while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end -= 1;
    if (end < 0) throw new Error("not a ZIP file");
    var count = view.getUint16(end + 10, true), at = view.getUint32(end + 16, true);
    var entries = [], decoder = new TextDecoder();
    for (var i = 0; i < count; i += 1) {
      var nameLength = view.getUint16(at + 28, true);
      var local = view.getUint32(at + 42, true);
      var start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
      var size = view.getUint32(at + 20, true);
      entries.push({
        name: decoder.decode(new Uint8Array(buffer, at + 46, nameLength)),
        method: view.getUint16(at + 10, true),
        crc: view.getUint32(at + 16, true),
        size: view.getUint32(at + 24, true),
        data: new Uint8Array(buffer, start, size)
      });
      at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    return entries;
  }

  function inflate(entry) {
    if (entry.method === 0) return Promise.resolve(entry.data);
    var stream = new Blob([entry.data]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }

  var CRC_TABLE = (function () {
    var table = new Uint32Array(256);
    for (var n = 0; n < 256; n += 1) {
      var c = n;
      for (var k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
    return table;
  })();

  function crc32(bytes) {
    var crc = 0xffffffff;
    for (var i = 0; i < bytes.length; i += 1) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
  }

  function writeZip(entries) {
    var encoder = new TextEncoder(), parts = [], central = [], offset = 0;
    entries.forEach(function (entry) {
      var name = encoder.encode(entry.name);
      var header = new DataView(new ArrayBuffer(30));
      [[0, 0x04034b50, 4], [4, 20, 2], [6, 0, 2], [8, entry.method, 2], [10, 0, 2], [12, 33, 2],
       [14, entry.crc, 4], [18, entry.data.length, 4], [22, entry.size, 4], [26, name.length, 2],
       [28, 0, 2]].forEach(function (f) { (f[2] === 4 ? header.setUint32 : header.setUint16).call(header, f[0], f[1], true); });
      var record = new DataView(new ArrayBuffer(46));
      [[0, 0x02014b50, 4], [4, 20, 2], [6, 20, 2], [8, 0, 2], [10, entry.method, 2], [12, 0, 2],
       [14, 33, 2], [16, entry.crc, 4], [20, entry.data.length, 4], [24, entry.size, 4],
       [28, name.length, 2], [30, 0, 2], [32, 0, 2], [34, 0, 2], [36, 0, 2], [38, 0, 4],
       [42, offset, 4]].forEach(function (f) { (f[2] === 4 ? record.setUint32 : record.setUint16).call(record, f[0], f[1], true); });
      parts.push(header, name, entry.data);
      central.push(record, name);
      offset += 30 + name.length + entry.data.length;
    });
    var size = central.reduce(function (sum, part) { return sum + part.byteLength; }, 0);
    var end = new DataView(new ArrayBuffer(22));
    [[0, 0x06054b50, 4], [4, 0, 2], [6, 0, 2], [8, entries.length, 2], [10, entries.length, 2],
     [12, size, 4], [16, offset, 4], [20, 0, 2]].forEach(function (f) { (f[2] === 4 ? end.setUint32 : end.setUint16).call(end, f[0], f[1], true); });
    return new Blob(parts.concat(central, [end]), {
      type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    });
  }

  /* The template's content controls, filled: typed text in place of each placeholder. */
  function fillControls(xml, given) {
    var doc = new DOMParser().parseFromString(xml, "application/xml");
    Array.prototype.forEach.call(doc.getElementsByTagNameNS(W, "sdt"), function (sdt) {
      var props = sdt.getElementsByTagNameNS(W, "sdtPr")[0];
      var tag = props && props.getElementsByTagNameNS(W, "tag")[0];
      var value = tag ? given[tag.getAttributeNS(W, "val")] : "";
      if (!value) return;
      Array.prototype.slice.call(props.getElementsByTagNameNS(W, "showingPlcHdr")).forEach(function (e) {
        e.parentNode.removeChild(e);
      });
      var content = sdt.getElementsByTagNameNS(W, "sdtContent")[0];
      while (content.firstChild) content.removeChild(content.firstChild);
      var run = doc.createElementNS(W, "w:r");
      var look = props.getElementsByTagNameNS(W, "rPr")[0];
      if (look) run.appendChild(look.cloneNode(true));
      var text = doc.createElementNS(W, "w:t");
      text.setAttributeNS("http://www.w3.org/XML/1998/namespace", "xml:space", "preserve");
      text.textContent = value;
      run.appendChild(text);
      content.appendChild(run);
    });
    return new XMLSerializer().serializeToString(doc);
  }

  function filledWord(form) {
    var given = values(form);
    return fetch(form.getAttribute("data-docx")).then(function (response) {
      if (!response.ok) throw new Error("the Word file could not be loaded");
      return response.arrayBuffer();
    }).then(function (buffer) {
      var entries = readZip(buffer);
      var main = entries.filter(function (e) { return e.name === "word/document.xml"; })[0];
      return inflate(main).then(function (bytes) {
        var xml = fillControls(new TextDecoder().decode(bytes), given);
        var data = new TextEncoder().encode(xml);
        main.method = 0; main.data = data; main.size = data.length; main.crc = crc32(data);
        return writeZip(entries);
      });
    });
  }

  function download(blob, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  function setUp(form) {
    var status = form.querySelector(".ml-adapt__status");
    function say(text) { status.textContent = text; }
    Array.prototype.forEach.call(form.querySelectorAll("input[data-name]"), function (input) {
      input.value = recall(input.getAttribute("data-name"));
      input.addEventListener("input", function () {
        remember(input.getAttribute("data-name"), input.value);
        showOnPage(form);
      });
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("click", function (event) {
      var action = event.target.getAttribute && event.target.getAttribute("data-action");
      if (action === "word") {
        say("Making your Word file…");
        var name = form.getAttribute("data-docx").split("/").pop().replace(/\.docx$/, "-adapted.docx");
        filledWord(form).then(function (blob) { download(blob, name); say("Word file ready: " + name); })
          .catch(function (error) { say("Sorry, " + error.message + ". Use the plain Word download above."); });
      } else if (action === "copy" && navigator.clipboard) {
        navigator.clipboard.writeText(plainText(form)).then(function () { say("Text copied."); },
          function () { say("Copying is not allowed here; select the text and copy it."); });
      } else if (action === "print") {
        // What the Word file gives: the title, the motion as filled in, the closing block;
        // not what the library says about the template (site.css, .ml-printing-adapted).
        document.querySelector(".ml-closing").hidden = false;
        document.documentElement.classList.add("ml-printing-adapted");
        window.addEventListener("afterprint", function () {
          document.documentElement.classList.remove("ml-printing-adapted");
        }, { once: true });
        window.print();
      }
    });
    form.hidden = false;
    showOnPage(form);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form.ml-adapt"), setUp);
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(start); // Material's instant navigation
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
