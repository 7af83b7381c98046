/* billet-preview.js — our script in the preview's page, in its own world
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Installed by BilletPreview as a WebKitUserScript in the "billet" script
 * world, isolated from the page's (whose scripts never run anyway). The
 * preview calls window.billet.patch() with the blocks that changed, and
 * the scroll-sync functions; the page answers through the "billet" script
 * message handler: {type: 'applied', generation} after a patch is in the
 * DOM and laid out, {type: 'line', line} when the author clicks a block,
 * {type: 'scrolled', line} when the author scrolls the page (wheel,
 * scroll bar, keyboard: any scroll but ours), with the source line at its
 * top, {type: 'remote-refused'} when the page's policy refused a remote
 * image.
 */
(function () {
  'use strict';
  /* Everything is reached through prototypes captured now: raw HTML can
   * name elements after a document's or a form's members and shadow them
   * (both are [LegacyOverrideBuiltIns]). This world is ours: the page's
   * scripts never run, and could not reach it if they did. */
  var doc = document, D = Document.prototype, N = Node.prototype, E = Element.prototype;
  var F = DocumentFragment.prototype;
  var get = function (proto, name) { return Object.getOwnPropertyDescriptor(proto, name).get; };
  var qs = D.querySelector, createElement = D.createElement, createFragment = D.createDocumentFragment;
  var setTitle = Object.getOwnPropertyDescriptor(D, 'title').set;
  var rootOf = get(D, 'documentElement');
  var parentOf = get(N, 'parentNode'), nextOf = get(N, 'nextSibling'), typeOf = get(N, 'nodeType');
  var insertBefore = N.insertBefore, removeChild = N.removeChild;
  var setAttribute = E.setAttribute, rectOf = E.getBoundingClientRect, closest = E.closest;
  var listen = EventTarget.prototype.addEventListener;
  var post = function (message) { window.webkit.messageHandlers.billet.postMessage(message); };

  /* The body's top-level blocks, in order: {nodes, start, end}, lines
   * counted in the body (the source view's lines, 1-based). */
  var blocks = [];
  var owner = new WeakMap();
  var syncEnabled = true;
  /* Where our own scrolls (scrollToLine, reveal, a patch that shortened
   * the page) left it: a scroll event that finds the page there is ours,
   * any other the author's. null once the author has scrolled. */
  var ownY = null;

  function postBody () {
    var article = qs.call(doc, 'body > main > article');
    return article ? [article, article.querySelector(':scope > div.post-body')] : [null, null];
  }

  function firstElement (block) {
    for (var i = 0; i < block.nodes.length; i++)
      if (typeOf.call(block.nodes[i]) === 1) return block.nodes[i];
    return null;
  }

  function mark (block) {
    var el = firstElement(block);
    if (el) setAttribute.call(el, 'data-sourcepos', block.start + ':1-' + block.end + ':1');
  }

  /* <link> asks the engine to connect (preconnect, dns-prefetch), fetch
   * (prefetch, preload, icon) or load a style sheet, and preconnect and
   * dns-prefetch answer to no Content-Security-Policy: a post's raw HTML
   * never needs one in the body, so none reaches the page. The template's
   * content is inert until inserted: nothing has fetched yet. */
  var fragmentQuery = F.querySelectorAll;
  function disarm (fragment) {
    var links = fragmentQuery.call(fragment, 'link');
    for (var i = 0; i < links.length; i++) removeChild.call(parentOf.call(links[i]), links[i]);
  }

  function makeBlock (html, start, end) {
    var template = createElement.call(doc, 'template');
    template.innerHTML = html;
    disarm(template.content);
    var block = { nodes: Array.prototype.slice.call(template.content.childNodes), start: start, end: end };
    block.fragment = template.content;
    for (var i = 0; i < block.nodes.length; i++) owner.set(block.nodes[i], block);
    mark(block);
    return block;
  }

  /* {generation, at, remove, insert: [[html, start, end]…], shift,
   *  header?, title, lang, reset?} */
  function patch (m) {
    var pair = postBody(), article = pair[0], body = pair[1];
    if (!body) return false;

    if (m.header !== undefined) {
      var header = article.querySelector(':scope > header.post-header');
      if (header) header.remove();
      article.insertAdjacentHTML('afterbegin', m.header);
    }
    setTitle.call(doc, m.title);
    rootOf.call(doc).lang = m.lang;

    var scrolledBefore = window.scrollY;
    if (m.reset) {
      body.textContent = '';
      blocks = [];
    }
    if (m.at > blocks.length || m.at + m.remove > blocks.length) return false;

    var removed = blocks.slice(m.at, m.at + m.remove);
    var after = blocks[m.at + m.remove];
    var ref = after ? after.nodes[0] : null;
    for (var i = 0; i < removed.length; i++)
      for (var j = 0; j < removed[i].nodes.length; j++)
        if (parentOf.call(removed[i].nodes[j]) === body) removeChild.call(body, removed[i].nodes[j]);

    var fragment = createFragment.call(doc), added = [];
    for (var k = 0; k < m.insert.length; k++) {
      var block = makeBlock(m.insert[k][0], m.insert[k][1], m.insert[k][2]);
      fragment.appendChild(block.fragment);
      delete block.fragment;
      added.push(block);
    }
    if (ref && parentOf.call(ref) !== body) ref = null;
    insertBefore.call(body, fragment, ref);
    blocks.splice.apply(blocks, [m.at, m.remove].concat(added));

    if (m.shift) {
      for (var s = m.at + added.length; s < blocks.length; s++) {
        blocks[s].start += m.shift;
        blocks[s].end += m.shift;
        mark(blocks[s]);
      }
    }

    /* Style and layout now, so that "applied" means what the author sees
     * on the next frame. */
    void body.offsetHeight;
    if (window.scrollY !== scrolledBefore) ownY = window.scrollY;
    post({ type: 'applied', generation: m.generation });
    return true;
  }

  /* The block's box in page coordinates: from its first element's top to
   * its last element's bottom (a text-only block: a range around it). */
  function box (block) {
    var first = null, last = null, r;
    for (var i = 0; i < block.nodes.length; i++) {
      if (typeOf.call(block.nodes[i]) === 1) { if (!first) first = block.nodes[i]; last = block.nodes[i]; }
    }
    var y = window.scrollY;
    if (first) {
      var a = rectOf.call(first), b = first === last ? a : rectOf.call(last);
      return { top: a.top + y, bottom: b.bottom + y };
    }
    if (!block.nodes.length || parentOf.call(block.nodes[0]) === null) return null;
    var range = D.createRange.call(doc);
    range.setStartBefore(block.nodes[0]);
    range.setEndAfter(block.nodes[block.nodes.length - 1]);
    r = range.getBoundingClientRect();
    return { top: r.top + y, bottom: r.bottom + y };
  }

  /* Where source line @line (fractional: 12.5 is halfway down line 12)
   * is in the page: inside the block that holds it, in proportion; in the
   * gap between two blocks, in proportion too. Lines above the first
   * block map to the top of the page (the header). */
  function yForLine (line) {
    var prev = null, next = null;
    for (var i = 0; i < blocks.length; i++) {
      var b = blocks[i];
      if (line >= b.start && line < b.end + 1) {
        var r = box(b);
        if (!r) continue;
        var top = prev === null && i === 0 ? 0 : r.top;
        return top + (r.bottom - top) * (line - b.start) / (b.end + 1 - b.start);
      }
      if (b.end + 1 <= line && (prev === null || b.end >= prev.end)) prev = b;
      if (b.start > line && (next === null || b.start < next.start)) next = b;
    }
    var from = prev ? box(prev) : null, to = next ? box(next) : null;
    if (!from) return 0;
    if (!to) return from.bottom;
    return from.bottom + (to.top - from.bottom) * (line - (prev.end + 1)) / (next.start - (prev.end + 1));
  }

  /* The other way: the source line at @y, a page position. The inverse
   * of yForLine(), so that a line sent back and forth stays put. */
  function lineForY (y) {
    var lo = 0, hi = blocks.length - 1, found = -1, r;
    /* The last block whose top is at or above y: they are in page order. */
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      r = box(blocks[mid]);
      if (!r) { found = -2; break; }
      if ((mid === 0 ? 0 : r.top) <= y) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (found === -2) {
      /* A block without a box (rare): every block, in order. */
      found = -1;
      for (var i = 0; i < blocks.length; i++) {
        r = box(blocks[i]);
        if (r && (i === 0 ? 0 : r.top) <= y) found = i;
      }
    }
    if (found < 0) return 1;
    var b = blocks[found], rb = box(b);
    if (!rb) return b.start;
    var top = found === 0 ? 0 : rb.top;
    if (y < rb.bottom || rb.bottom <= top)
      return b.start + (b.end + 1 - b.start) * Math.max(0, y - top) / Math.max(1, rb.bottom - top);
    /* Between this block and the next. */
    var next = blocks[found + 1], rn = next ? box(next) : null;
    if (!rn || rn.top <= rb.bottom) return b.end + 1;
    return b.end + 1 + (next.start - (b.end + 1)) * (y - rb.bottom) / (rn.top - rb.bottom);
  }

  function scrollToLine (line) {
    window.scrollTo(0, Math.max(0, Math.round(yForLine(line))));
    ownY = window.scrollY;
    return window.scrollY;
  }

  /* The cursor's line: if its block is out of sight, the least scroll
   * that brings it in. */
  function reveal (line) {
    var y = yForLine(line), top = window.scrollY, height = window.innerHeight;
    if (y < top + 16) window.scrollTo(0, Math.max(0, y - 16));
    else if (y > top + height - 32) window.scrollTo(0, y - height + 32);
    if (window.scrollY !== top) ownY = window.scrollY;
    return window.scrollY;
  }

  /* A click in the body: the line it points at, in proportion within its
   * block. Links are followed instead. */
  listen.call(doc, 'click', function (event) {
    if (!syncEnabled || event.button !== 0) return;
    var node = event.target;
    if (typeOf.call(node) === 1 && closest.call(node, 'a[href]')) return;
    while (node && !owner.has(node)) node = parentOf.call(node);
    if (!node) return;
    var block = owner.get(node), r = box(block);
    var line = block.start;
    if (r && r.bottom > r.top) {
      var f = (event.clientY + window.scrollY - r.top) / (r.bottom - r.top);
      line = Math.min(block.end, block.start + Math.floor(Math.max(0, f) * (block.end + 1 - block.start)));
    }
    post({ type: 'line', line: line });
  }, true);

  /* The author scrolled the page: the source follows (see ownY). Scroll
   * events come once a frame at most. */
  listen.call(window, 'scroll', function () {
    var y = window.scrollY;
    if (ownY !== null && Math.abs(y - ownY) < 1) return;
    ownY = null;
    if (!syncEnabled || !blocks.length) return;
    post({ type: 'scrolled', line: lineForY(y) });
  });

  /* An image that cannot be shown (missing, outside the site, remote
   * while remote images are off): a visible placeholder with its path. */
  listen.call(doc, 'error', function (event) {
    var img = event.target;
    if (!(img instanceof HTMLImageElement) || img.classList.contains('billet-missing')) return;
    img.classList.add('billet-missing');
    var label = createElement.call(doc, 'span');
    label.className = 'billet-missing-image';
    label.textContent = img.getAttribute('src') || img.currentSrc || '';
    var parent = parentOf.call(img);
    if (!parent) return;
    insertBefore.call(parent, label, nextOf.call(img));
    var block = owner.get(img);
    if (block) {
      owner.set(label, block);
      block.nodes.splice(block.nodes.indexOf(img) + 1, 0, label);
    }
  }, true);

  /* A remote image that the page's policy refused (the author has not
   * allowed remote images here): the preview offers to load them. Once a
   * page; WebCore reports each refusal as an event on the document. */
  var remoteReported = false;
  listen.call(doc, 'securitypolicyviolation', function (event) {
    var directive = event.effectiveDirective || event.violatedDirective || '';
    if (remoteReported || directive.indexOf('img-src') !== 0 || !/^https?:/i.test(event.blockedURI || '')) return;
    remoteReported = true;
    post({ type: 'remote-refused' });
  }, true);

  window.billet = {
    patch: patch,
    scrollToLine: scrollToLine,
    reveal: reveal,
    setSync: function (on) { syncEnabled = !!on; return syncEnabled; },
    blockCount: function () { return blocks.length; },
  };
})();
