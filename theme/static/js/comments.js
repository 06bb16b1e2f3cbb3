/* comments.js: the comment section's only script (external, deferred, no inline code).
 *
 * - mailto mode: shows the form (the page has a plain mailto link without JavaScript),
 *   checks the fields, announces errors, and composes the email from the fields.
 * - backend modes: nothing is requested from the backend until the reader clicks
 *   "Load comments from <host>" (or a log-in icon of that backend); then its script,
 *   frame or API is loaded as the page described.
 */
(function () {
  "use strict";

  // ---- mailto ---------------------------------------------------------------

  function field(form, name) {
    var el = form.elements[name];
    return el ? el.value.trim() : "";
  }

  // The same shape as the fallback link the build writes (model.mailto_link).
  function mailtoHref(form) {
    var d = form.dataset;
    var lines = [
      d.labelPost + ": " + d.postUrl,
      d.labelName + ": " + field(form, "author"),
      d.labelEmail + ": " + field(form, "email"),
      d.labelWebsite + ": " + field(form, "url"),
      "",
      field(form, "comment").replace(/\r?\n/g, "\r\n")  // RFC 6068: CRLF line breaks
    ];
    return "mailto:" + encodeURIComponent(d.address).replace(/%40/g, "@") +
      "?subject=" + encodeURIComponent(d.subject) +
      "&body=" + encodeURIComponent(lines.join("\r\n"));
  }

  function problems(form) {
    var d = form.dataset, missing = [], found = [], invalid = [];
    Array.prototype.forEach.call(form.querySelectorAll("[required]"), function (el) {
      var empty = !el.value.trim();
      if (empty) { missing.push(el.dataset.label || el.name); invalid.push(el); }
      el.setAttribute("aria-invalid", empty ? "true" : "false");
    });
    if (missing.length) found.push(d.errorRequired.replace("{fields}", missing.join(", ")));
    var email = form.elements.email;
    if (email && email.value.trim() && !email.checkValidity()) {
      found.push(d.errorEmail); invalid.push(email); email.setAttribute("aria-invalid", "true");
    }
    var url = form.elements.url;
    if (url && url.value.trim() && !/^https?:\/\/[^\s]+$/i.test(url.value.trim())) {
      found.push(d.errorWebsite); invalid.push(url); url.setAttribute("aria-invalid", "true");
    } else if (url) {
      url.setAttribute("aria-invalid", "false");
    }
    return { messages: found, first: invalid[0] };
  }

  function setUpMailto(form) {
    var fallback = form.parentNode.querySelector("[data-mailto-fallback]");
    form.hidden = false;
    if (fallback) fallback.hidden = true;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var errors = form.querySelector("[data-form-errors]");
      var result = form.querySelector("[data-mailto-result]");
      var found = problems(form);
      errors.textContent = found.messages.join(" ");
      if (found.first) { result.hidden = true; found.first.focus(); return; }
      var href = mailtoHref(form);
      var link = form.querySelector("[data-mailto-link]");
      link.href = href;
      result.hidden = false;
      window.location.href = href;
    });
  }

  // ---- backends, loaded on click -------------------------------------------

  function element(tag, attrs, text) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { el.setAttribute(name, attrs[name]); });
    if (text) el.textContent = text;
    return el;
  }

  function httpUrl(value) {
    return typeof value === "string" && /^https?:\/\//i.test(value) ? value : null;
  }

  // Replies from an API are shown as text only: no HTML from elsewhere reaches the page.
  function plainText(html) {
    var doc = new DOMParser().parseFromString("<body>" + (html || ""), "text/html");
    Array.prototype.forEach.call(doc.querySelectorAll("br"), function (br) { br.replaceWith("\n"); });
    Array.prototype.forEach.call(doc.querySelectorAll("p"), function (p) { p.append("\n\n"); });
    return doc.body.textContent.trim();
  }

  function renderReplies(target, items, emptyText) {
    if (!items.length) { target.appendChild(element("p", { "class": "comments-empty" }, emptyText)); return; }
    var list = element("ol", { "class": "comment-list comment-list-remote" });
    items.forEach(function (item) {
      var li = element("li", { "class": "comment" });
      var meta = element("p", { "class": "comment-author" });
      var url = httpUrl(item.url);
      var name = element("bdi", {}, item.author || "");
      if (url) {
        var a = element("a", { href: url, rel: "ugc nofollow noopener external" });
        a.appendChild(name); meta.appendChild(a);
      } else {
        meta.appendChild(name);
      }
      if (item.date) meta.appendChild(element("time", { datetime: item.date }, " " + item.date.slice(0, 10)));
      li.appendChild(meta);
      li.appendChild(element("p", { "class": "comment-content", dir: "auto" }, item.text));
      list.appendChild(li);
    });
    target.appendChild(list);
  }

  function getJson(url) {
    return fetch(url, { credentials: "omit", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.json();
      });
  }

  var loaders = {
    script: function (embed, thread, done, fail) {
      var script = element("script", embed.attrs);
      script.src = embed.src;
      script.async = true;
      script.addEventListener("load", done);
      script.addEventListener("error", fail);
      thread.appendChild(script);
    },
    remark42: function (embed, thread, done, fail) {
      // Remark42 reads its settings from this global; the page cannot set it inline (CSP).
      var config = Object.assign({}, embed.config);
      if (config.theme === "auto") {  // follow the reader's color scheme, as the page does
        config.theme = window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
      }
      window.remark_config = config;
      loaders.script({ src: embed.src, attrs: {} }, thread, done, fail);
    },
    mastodon: function (embed, thread, done, fail) {
      getJson(embed.api).then(function (context) {
        renderReplies(thread, (context.descendants || []).map(function (status) {
          return {
            author: (status.account && (status.account.display_name || status.account.acct)) || "",
            url: status.url, date: status.created_at, text: plainText(status.content)
          };
        }), embed.empty);
      }).then(done, fail);
    },
    webmention: function (embed, thread, done, fail) {
      getJson(embed.api).then(function (feed) {
        renderReplies(thread, (feed.children || []).map(function (entry) {
          return {
            author: (entry.author && entry.author.name) || entry.url || "",
            url: entry.url, date: entry.published || entry["wm-received"],
            text: (entry.content && entry.content.text) || entry["wm-property"] || ""
          };
        }), embed.empty);
      }).then(done, fail);
    }
  };

  function load(box) {
    if (box.dataset.state === "loading" || box.dataset.state === "loaded") return;
    var embed = JSON.parse(box.dataset.commentsEmbed);
    var status = box.querySelector("[data-comments-status]");
    var target = box.querySelector("[data-comments-thread]");
    var section = box.closest(".comments");
    var buttons = section.querySelectorAll("[data-comments-load]");
    function setBusy(busy) {
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = busy; });
    }
    box.dataset.state = "loading";
    box.setAttribute("aria-busy", "true");
    status.textContent = box.dataset.loadingText;
    setBusy(true);
    target.textContent = "";
    var thread = element("div", embed.thread || {});
    target.appendChild(thread);
    loaders[embed.kind](embed, thread, function () {
      box.dataset.state = "loaded";
      box.removeAttribute("aria-busy");
      status.textContent = "";
      Array.prototype.forEach.call(buttons, function (b) { b.hidden = true; });
    }, function () {
      box.dataset.state = "failed";
      box.removeAttribute("aria-busy");
      status.textContent = box.dataset.failedText;
      setBusy(false);
    });
  }

  function start() {
    // Controls that only work with this script are shown by it; their no-script stand-ins go.
    Array.prototype.forEach.call(document.querySelectorAll(".comments [data-needs-js]"),
      function (el) { el.hidden = false; });
    Array.prototype.forEach.call(document.querySelectorAll(".comments [data-without-js]"),
      function (el) { el.hidden = true; });
    Array.prototype.forEach.call(document.querySelectorAll("[data-mailto-form]"), setUpMailto);
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-comments-load]");
      if (!button) return;
      var section = button.closest(".comments");
      var box = section && section.querySelector("[data-comments-embed]");
      if (box) load(box);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
