/* share.js: progressive enhancement for the share links under a post.
 * Without JavaScript the plain links work. With it, a "Copy link" button (Clipboard
 * API) and a "More…" button (Web Share API) appear where the browser supports them.
 * Nothing here contacts any server. */
(function () {
  "use strict";

  function say(box, text) {
    var status = box.querySelector(".share-status");
    if (status) { status.textContent = text; }
  }

  function enhance(box) {
    var copyItem = box.querySelector('[data-share-when="clipboard"]');
    var nativeItem = box.querySelector('[data-share-when="webshare"]');
    if (copyItem && navigator.clipboard && window.isSecureContext) {
      copyItem.hidden = false;
      copyItem.querySelector("button").addEventListener("click", function (event) {
        var url = event.currentTarget.getAttribute("data-share-copy");
        navigator.clipboard.writeText(url).then(
          function () { say(box, "Link copied."); },
          function () { say(box, "Could not copy; the address is " + url); }
        );
      });
    }
    if (nativeItem && navigator.share) {
      nativeItem.hidden = false;
      nativeItem.querySelector("button").addEventListener("click", function (event) {
        var button = event.currentTarget;
        navigator.share({
          title: button.getAttribute("data-share-title"),
          url: button.getAttribute("data-share-native")
        }).catch(function () { /* the reader closed the share sheet */ });
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var boxes = document.querySelectorAll(".share");
    for (var i = 0; i < boxes.length; i += 1) { enhance(boxes[i]); }
  });
}());
