/* comments.js: the comment section's only script (external, deferred, no inline code).
 *
 * Everything here improves links that already work without it:
 * - the log-in icons: one that cannot log in here announces why (the status line) and
 *   moves focus to the form; one whose backend can log in loads that backend;
 * - "Reply" links move the form under the comment answered (with "Cancel reply");
 * - mailto mode: shows the form, checks it, and composes the email from the fields;
 * - Isso mode: the same form posts to Isso's JSON API, and Isso's comments are drawn
 *   with the stored comments' markup (a <template> in thread.html);
 * - other backends: nothing is requested from them until the reader clicks
 *   "Load comments from <host>" or a log-in icon of that backend.
 */
(function () {
  "use strict";

  function each(root, selector, fn) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), fn);
  }

  function fill(text, fields) {
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : all;
    });
  }

  function element(tag, attrs, text) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { el.setAttribute(name, attrs[name]); });
    if (text) el.textContent = text;
    return el;
  }

  function httpUrl(value) {
    return typeof value === "string" && /^https?:\/\/[^\s]+$/i.test(value) ? value : null;
  }

  // ---- the form: checks shared by mailto and Isso ----------------------------

  function field(form, name) {
    var el = form.elements[name];
    return el ? el.value.trim() : "";
  }

  function problems(form) {
    var d = form.dataset, missing = [], found = [], invalid = [];
    each(form, "[required]", function (el) {
      var empty = !el.value.trim();
      if (empty) { missing.push(el.dataset.label || el.name); invalid.push(el); }
      el.setAttribute("aria-invalid", empty ? "true" : "false");
    });
    if (missing.length) found.push(fill(d.errorRequired, { fields: missing.join(", ") }));
    var email = form.elements.email;
    if (email && email.value.trim() && !email.checkValidity()) {
      found.push(d.errorEmail); invalid.push(email); email.setAttribute("aria-invalid", "true");
    }
    var url = form.elements.url;
    if (url && url.value.trim() && !httpUrl(url.value.trim())) {
      found.push(d.errorWebsite); invalid.push(url); url.setAttribute("aria-invalid", "true");
    } else if (url) {
      url.setAttribute("aria-invalid", "false");
    }
    return { messages: found, first: invalid[0] };
  }

  // True when the form may be sent; otherwise the errors are announced and focused.
  function checked(form) {
    var found = problems(form);
    form.querySelector("[data-form-errors]").textContent = found.messages.join(" ");
    if (found.first) found.first.focus();
    return !found.first;
  }

  // ---- mailto ---------------------------------------------------------------

  // The same shape as the links the build writes (model.mailto_body).
  function mailtoHref(form) {
    var d = form.dataset;
    var lines = [d.labelPost + ": " + d.postUrl];
    if (d.replyto) lines.push(d.labelReplyto + ": " + d.replyto);
    lines.push(
      d.labelName + ": " + field(form, "author"),
      d.labelEmail + ": " + field(form, "email"),
      d.labelWebsite + ": " + field(form, "url"),
      "",
      field(form, "comment").replace(/\r?\n/g, "\r\n")  // RFC 6068: CRLF line breaks
    );
    var subject = d.replyto ? fill(d.replySubject, { author: d.replyAuthor, title: d.title })
      : d.subject;
    return "mailto:" + encodeURIComponent(d.address).replace(/%40/g, "@") +
      "?subject=" + encodeURIComponent(subject) +
      "&body=" + encodeURIComponent(lines.join("\r\n"));
  }

  function setUpMailto(form) {
    var fallback = form.parentNode.querySelector("[data-mailto-fallback]");
    form.hidden = false;
    if (fallback) fallback.hidden = true;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var result = form.querySelector("[data-mailto-result]");
      if (!checked(form)) { result.hidden = true; return; }
      var href = mailtoHref(form);
      form.querySelector("[data-mailto-link]").href = href;
      result.hidden = false;
      window.location.href = href;
    });
  }

  // ---- comments drawn like the stored ones (Isso) ---------------------------

  function sha256(text) {
    if (!window.crypto || !window.crypto.subtle) return Promise.resolve(null);
    return window.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))
      .then(function (buffer) { return new Uint8Array(buffer); }, function () { return null; });
  }

  // The identicon of identicon.py: a mirrored 5x5 pattern from the name and website.
  function drawIdenticon(svg, seed, palette) {
    return sha256(seed.trim().toLowerCase()).then(function (digest) {
      if (!digest) return;
      var cells = [];
      for (var row = 0; row < 5; row++) {
        for (var col = 0; col < 3; col++) {
          if (digest[row * 3 + col] % 2) {
            cells.push([col, row]);
            if (col < 2) cells.push([4 - col, row]);
          }
        }
      }
      if (!cells.length) for (var r = 0; r < 5; r++) cells.push([2, r]);
      var color = palette[digest[20] % palette.length];
      cells.forEach(function (cell) {
        var rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
        [["x", cell[0]], ["y", cell[1]], ["width", 1], ["height", 1], ["fill", color]]
          .forEach(function (a) { rect.setAttribute(a[0], a[1]); });
        svg.appendChild(rect);
      });
    });
  }

  // Comment text from elsewhere becomes plain paragraphs: no foreign HTML reaches the page.
  function paragraphs(html) {
    var doc = new DOMParser().parseFromString("<body>" + (html || ""), "text/html");
    each(doc, "br", function (br) { br.replaceWith("\n"); });
    each(doc, "p, pre, blockquote, li", function (p) { p.append("\n\n"); });
    return doc.body.textContent.split(/\n\s*\n/).map(function (t) { return t.trim(); })
      .filter(Boolean);
  }

  function formatDate(date, template) {
    var d = template.dataset;
    // Pelican's DEFAULT_DATE_FORMAT here is "%-d %B %Y": day-month order, as en-GB writes it.
    var locale = (d.dateLocale || "en") === "en" ? "en-GB" : d.dateLocale;
    var zone = d.timezone ? { timeZone: d.timezone } : {};
    try {
      var day = new Intl.DateTimeFormat(locale, Object.assign({ day: "numeric", month: "long",
        year: "numeric" }, zone)).format(date);
      var time = new Intl.DateTimeFormat(locale, Object.assign({ hour: "2-digit",
        minute: "2-digit", hourCycle: "h23" }, zone)).format(date);
      return day + " " + time;
    } catch (error) {
      return date.toISOString().slice(0, 16).replace("T", " ");
    }
  }

  // "<created, UTC>-<id>", as model.py's isso_key: an id alone is reused after Isso's
  // database is reset, so a stored comment is the same one only if both match.
  function issoKey(item) {
    var when = new Date(Math.floor(item.created || 0) * 1000).toISOString();
    return when.slice(0, 10).replace(/-/g, "") + "-" + when.slice(11, 19).replace(/:/g, "") +
      "-" + Number(item.id);
  }

  // One Isso comment, as thread.html draws a stored one (data-isso-id, like a snapshot).
  function drawComment(section, item, depth, parent) {
    var template = section.querySelector("[data-comment-template]");
    var form = section.querySelector("[data-isso-form]");
    var li = template.content.firstElementChild.cloneNode(true);
    var id = "isso-" + item.id, anchor = "comment-" + id;
    var author = item.author || "";
    li.id = anchor;
    li.dataset.issoId = String(item.id);
    li.dataset.issoKey = issoKey(item);
    li.classList.add("depth-" + depth);
    var article = li.querySelector(".comment-body");
    article.setAttribute("aria-labelledby", anchor + "-author");
    var name = li.querySelector(".comment-author");
    name.id = anchor + "-author";
    name.querySelector("bdi").textContent = author;
    var website = httpUrl(item.website);
    if (website) {
      var link = element("a", { href: website, rel: "ugc nofollow noopener external" });
      link.appendChild(name.querySelector("bdi"));
      name.appendChild(link);
    }
    var when = new Date((item.created || 0) * 1000);
    var time = li.querySelector("time");
    time.setAttribute("datetime", when.toISOString());
    time.textContent = formatDate(when, template);
    li.querySelector(".comment-permalink").href = "#" + anchor;
    if (parent) {
      var to = element("span", { "class": "comment-reply-to" });
      var parentName = parent.querySelector(".comment-author").textContent.trim();
      to.appendChild(element("a", { href: "#" + parent.id },
        fill(form.dataset.inReplyTo, { author: parentName })));
      li.querySelector(".comment-when").append(" ", to);
    }
    var content = li.querySelector(".comment-content");
    paragraphs(item.text).forEach(function (text) { content.appendChild(element("p", {}, text)); });
    var reply = li.querySelector(".comment-reply-link");
    reply.textContent = form.dataset.replyText;
    reply.setAttribute("aria-label", fill(form.dataset.replyLabel, { author: author }));
    reply.dataset.replyTo = id;
    reply.dataset.replyAuthor = author;
    reply.dataset.issoParent = String(item.id);
    drawIdenticon(li.querySelector("svg"), author + "\n" + (website || ""),
      template.dataset.palette.split(" "));
    return li;
  }

  // Add an Isso comment (and its replies) where a stored one would be; one already
  // shown (stored by a snapshot: same key) is not drawn again, but its replies are.
  // ``parent``: the comment it answers, when known (else looked up by Isso id).
  function addComment(section, item, depth, parent) {
    if (!parent && item.parent) {
      parent = section.querySelector('[data-isso-id="' + Number(item.parent) + '"]');
    }
    var li = section.querySelector('[data-isso-key="' + issoKey(item) + '"]');
    var added = 0;
    if (!li) {
      li = drawComment(section, item, depth, parent);
      var list = section.querySelector("[data-comment-list]");
      if (parent) {
        list = parent.querySelector(":scope > ol.children");
        if (!list) { list = element("ol", { "class": "children" }); parent.appendChild(list); }
      }
      list.appendChild(li);
      added = 1;
    }
    (item.replies || []).forEach(function (reply) {
      added += addComment(section, reply, depth + 1, li);
    });
    return added;
  }

  function recount(section, added) {
    var heading = section.querySelector("#comments-title");
    if (!heading || !added) return;
    var d = heading.dataset, count = Number(d.count) + added;
    d.count = String(count);
    heading.textContent = fill(count === 1 ? d.one : d.many, { count: count, title: d.title });
    heading.hidden = false;
    section.setAttribute("aria-labelledby", "comments-title");
  }

  function setUpIsso(form) {
    var section = form.closest(".comments");
    var d = form.dataset;
    var status = form.querySelector("[data-post-result]");
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (form.dataset.busy || !checked(form)) return;
      var button = form.querySelector("[type=submit]");
      form.dataset.busy = "true";
      button.setAttribute("aria-disabled", "true");
      status.textContent = d.postingText;
      var body = {
        text: field(form, "comment"), author: field(form, "author"),
        email: field(form, "email"), website: field(form, "url") || null,
        parent: d.parent ? Number(d.parent) : null, title: d.title
      };
      fetch(d.api + "/new?uri=" + encodeURIComponent(d.uri), {
        method: "POST", credentials: "omit",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body)
      }).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (comment) {
        form.elements.comment.value = "";
        cancelReply(section);
        if (comment.mode === 1) {
          recount(section, addComment(section, comment, comment.parent ? 1 : 0));
          status.textContent = d.postedText;
        } else {
          status.textContent = d.moderatedText;
        }
      }, function () {
        status.textContent = d.failedText;
      }).then(function () {
        delete form.dataset.busy;
        button.removeAttribute("aria-disabled");
      });
    });
  }

  // ---- Reply links: the form moves under the comment answered -----------------

  function cancelReply(section) {
    var respond = section.querySelector("#respond");
    var home = section.querySelector("[data-respond-home]");
    var form = respond.querySelector("[data-mailto-form], [data-isso-form]");
    if (!home || !form) return;
    home.after(respond);
    ["replyto", "replyAuthor", "parent"].forEach(function (key) { delete form.dataset[key]; });
    var heading = respond.querySelector("[data-reply-heading]");
    heading.textContent = heading.dataset.default;
    respond.querySelector("[data-cancel-reply]").hidden = true;
  }

  function reply(section, link) {
    var respond = section.querySelector("#respond");
    var form = respond.querySelector("[data-mailto-form], [data-isso-form]");
    if (!form || form.hidden) return false;  // no form on this page: the link goes there
    if (!section.querySelector("[data-respond-home]")) {
      respond.before(element("div", { "data-respond-home": "", hidden: "" }));
    }
    link.closest(".comment-body").after(respond);
    form.dataset.replyto = link.dataset.replyTo;
    form.dataset.replyAuthor = link.dataset.replyAuthor;
    if (link.dataset.issoParent) form.dataset.parent = link.dataset.issoParent;
    var heading = respond.querySelector("[data-reply-heading]");
    heading.textContent = fill(heading.dataset.replying, { author: link.dataset.replyAuthor });
    respond.querySelector("[data-cancel-reply]").hidden = false;
    var first = Array.prototype.filter.call(form.querySelectorAll("input, textarea"),
      function (el) { return el.required && !el.value.trim(); })[0];
    (first || form.elements.comment).focus();
    return true;
  }

  // ---- log-in icons -----------------------------------------------------------

  function explain(section, link) {
    var status = section.querySelector("[data-login-status]");
    status.textContent = link.dataset.providerExplain;
    var email = section.querySelector("#comment-email");
    if (email && email.offsetParent !== null) email.focus();
  }

  function account(section, text, actions) {
    var line = section.querySelector("[data-account]");
    line.textContent = text;
    section.querySelector("[data-account-actions]").hidden = !actions;
  }

  // giscus says who is signed in (data-emit-metadata); only then is it shown.
  window.addEventListener("message", function (event) {
    if (event.origin !== "https://giscus.app") return;
    var data = event.data && event.data.giscus;
    if (!data || !("viewer" in data)) return;
    each(document, ".comments [data-account]", function (line) {
      var section = line.closest(".comments");
      if (data.viewer) {
        account(section, fill(line.dataset.loggedIn, { provider: "GitHub" }), true);
      } else {
        account(section, "", false);
      }
    });
  });

  // giscus keeps its session in this page's storage; forgetting it logs out.
  function logOut() {
    try { window.localStorage.removeItem("giscus-session"); } catch (error) { /* private mode */ }
    window.location.hash = "comments";
    window.location.reload();
  }

  // ---- backends, loaded on click -------------------------------------------

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
      var content = element("div", { "class": "comment-content", dir: "auto" });
      paragraphs(item.html).forEach(function (text) { content.appendChild(element("p", {}, text)); });
      li.appendChild(content);
      list.appendChild(li);
    });
    target.appendChild(list);
  }

  function getJson(url) {
    return fetch(url, { credentials: "omit", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 404) return null;  // Isso: no thread yet
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
    isso: function (embed, thread, done, fail) {
      var section = thread.closest(".comments");
      getJson(embed.api + "/?uri=" + encodeURIComponent(embed.uri)).then(function (data) {
        var added = 0;
        ((data && data.replies) || []).forEach(function (item) {
          added += addComment(section, item, 0);
        });
        recount(section, added);
      }).then(done, fail);
    },
    mastodon: function (embed, thread, done, fail) {
      getJson(embed.api).then(function (context) {
        renderReplies(thread, ((context && context.descendants) || []).map(function (status) {
          return {
            author: (status.account && (status.account.display_name || status.account.acct)) || "",
            url: status.url, date: status.created_at, html: status.content
          };
        }), embed.empty);
      }).then(done, fail);
    },
    webmention: function (embed, thread, done, fail) {
      getJson(embed.api).then(function (feed) {
        renderReplies(thread, ((feed && feed.children) || []).map(function (entry) {
          var text = (entry.content && entry.content.text) || entry["wm-property"] || "";
          return {
            author: (entry.author && entry.author.name) || entry.url || "",
            url: entry.url, date: entry.published || entry["wm-received"],
            html: text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/\n/g, "<br>")
          };
        }), embed.empty);
      }).then(done, fail);
    }
  };

  function load(box, provider) {
    if (box.dataset.state === "loaded") {  // already there: show it
      box.querySelector("[data-comments-thread]").scrollIntoView({ block: "start" });
      return;
    }
    if (box.dataset.state === "loading") return;
    var embed = JSON.parse(box.dataset.commentsEmbed);
    var status = box.querySelector("[data-comments-status]");
    var target = box.querySelector("[data-comments-thread]");
    var section = box.closest(".comments");
    var button = box.querySelector(".comments-load");
    var line = section.querySelector("[data-account]");
    box.dataset.state = "loading";
    box.setAttribute("aria-busy", "true");
    button.setAttribute("aria-disabled", "true");
    status.textContent = box.dataset.loadingText;
    // The original's "Connecting to <provider>" while the backend loads, and only then.
    if (provider) account(section, fill(line.dataset.connecting, { provider: provider }), false);
    target.textContent = "";
    var thread = element("div", embed.thread || {});
    target.appendChild(thread);
    loaders[embed.kind](embed, thread, function () {
      box.dataset.state = "loaded";
      box.removeAttribute("aria-busy");
      status.textContent = "";
      if (provider) account(section, "", false);
      button.parentNode.hidden = true;
    }, function () {
      box.dataset.state = "failed";
      box.removeAttribute("aria-busy");
      button.removeAttribute("aria-disabled");
      status.textContent = box.dataset.failedText;
      if (provider) account(section, "", false);
    });
  }

  function onClick(event) {
    var target = event.target.closest("a, button");
    var section = target && target.closest(".comments");
    if (!section) return;
    var box = section.querySelector("[data-comments-embed]");
    if (target.matches("[data-provider-explain]")) {
      event.preventDefault();
      explain(section, target);
    } else if (target.matches("[data-comments-login]")) {
      event.preventDefault();
      if (box) load(box, target.dataset.commentsLogin);
    } else if (target.matches("[data-comments-load]")) {
      if (box) load(box, null);
    } else if (target.matches(".comment-reply-link")) {
      if (reply(section, target)) event.preventDefault();
    } else if (target.matches("[data-cancel-reply]")) {
      event.preventDefault();
      cancelReply(section);
      var form = section.querySelector("#respond form");
      if (form) form.elements[0].focus();
    } else if (target.matches("[data-log-out]")) {
      logOut();
    }
  }

  function start() {
    // Controls that only work with this script are shown by it; their no-script stand-ins go.
    each(document, ".comments [data-needs-js]", function (el) { el.hidden = false; });
    each(document, ".comments [data-without-js]", function (el) { el.hidden = true; });
    each(document, "[data-mailto-form]", setUpMailto);
    each(document, "[data-isso-form]", setUpIsso);
    document.addEventListener("click", onClick);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
