/* billet-preview.js — our script in the preview's page, in its own world
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Installed by BilletPreview as a WebKitUserScript in the "billet" script
 * world, isolated from the page's (whose scripts never run anyway). The
 * preview calls window.billet.patch() with the blocks that changed, and
 * the scroll-sync functions. patch() returns true once its blocks are in
 * the DOM and laid out. The page speaks through the "billet" script
 * message handler: {type: 'line', line} when the author clicks a block,
 * {type: 'scrolled', line} when the author scrolls the page (wheel,
 * scroll bar, keyboard: any scroll but ours), with the source line at its
 * top, {type: 'remote-refused'} when the page's policy refused a remote
 * image.
 *
 * A large post's page is windowed (the patch says so: the window's light
 * or no highlighting): only the blocks within a few screens of the view
 * are in the document, the others are their HTML and their height (as
 * last laid out, or estimated from the HTML's length until they have
 * been), stood in for by two spacers above and below. A whole page of a
 * 5 MB post is half a gigabyte of boxes in the web process; the part in
 * view is a few megabytes, and lays out in a fraction of the time.
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

  /* Windowed: blocks [lo, hi) are in the document, between the spacers. */
  var windowed = false, lo = 0, hi = 0, topSpacer = null, bottomSpacer = null;
  /* What the top spacer has beyond its blocks' estimates: blocks put in
   * above what the screen shows, whose height differed from their
   * estimate, change it rather than the scroll position (a scroll of
   * ours would stop the author's smooth scrolling). Settled once the
   * scrolling stops, when the window reaches the page's top. */
  var topExtra = 0, settleTimer = 0, stickToEnd = false;
  /* Laid-out height per character of HTML, over the blocks measured: the
   * estimate for the others. */
  var measuredHeight = 0, measuredChars = 0;

  function postBody () {
    var article = qs.call(doc, 'body > main > article');
    return article ? [article, article.querySelector(':scope > div.post-body')] : [null, null];
  }

  function firstElement (block) {
    if (!block.nodes) return null;
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

  /* A block, parked (its HTML only) until materialize() gives it nodes. */
  function makeBlock (html, start, end) {
    return { nodes: null, html: html, start: start, end: end, height: -1 };
  }

  /* The block's nodes, in a fragment to insert. */
  function materialize (block) {
    var template = createElement.call(doc, 'template');
    template.innerHTML = block.html;
    disarm(template.content);
    block.nodes = Array.prototype.slice.call(template.content.childNodes);
    for (var i = 0; i < block.nodes.length; i++) owner.set(block.nodes[i], block);
    mark(block);
    return template.content;
  }

  /* Takes the block's nodes out of the document: it keeps its HTML. */
  function park (block, body) {
    if (!block.nodes) return;
    for (var j = 0; j < block.nodes.length; j++)
      if (parentOf.call(block.nodes[j]) === body) removeChild.call(body, block.nodes[j]);
    block.nodes = null;
  }

  /* A spacer's style: its height, and no margin, padding or border of the
   * page's to add to it. */
  function setSpacerHeight (spacer, height) {
    setAttribute.call(spacer, 'style', 'display:block;margin:0;padding:0;border:0;height:' + height + 'px');
  }

  function makeSpacer () {
    var spacer = createElement.call(doc, 'div');
    setAttribute.call(spacer, 'aria-hidden', 'true');
    setAttribute.call(spacer, 'class', 'billet-spacer');
    setSpacerHeight(spacer, 0);
    return spacer;
  }

  /* Fixed once enough is measured, for the page's life: a change would
   * move every estimated block, and the view with them. */
  var ratio = 0;
  function perChar () {
    if (!ratio && measuredChars > 4000) ratio = measuredHeight / measuredChars;
    return ratio || 0.3;
  }

  function estimate (block, ratio) {
    if (block.height >= 0) return block.height;
    return Math.max(18, Math.round(block.html.length * ratio));
  }

  function heights (from, to) {
    var sum = 0, ratio = perChar();
    for (var i = from; i < to; i++) sum += estimate(blocks[i], ratio);
    return sum;
  }

  /* Empties the body and puts the blocks back: all of them, or in a
   * windowed page the spacers (ensureCovered() fills the window). */
  function rebuild (body) {
    body.textContent = '';
    for (var i = 0; i < blocks.length; i++) blocks[i].nodes = null;
    lo = hi = 0;
    topExtra = 0;
    ratio = measuredHeight = measuredChars = 0;
    topSpacer = bottomSpacer = null;
    if (windowed) {
      topSpacer = makeSpacer();
      bottomSpacer = makeSpacer();
      body.appendChild(topSpacer);
      body.appendChild(bottomSpacer);
      return;
    }
    var fragment = createFragment.call(doc);
    for (var k = 0; k < blocks.length; k++) fragment.appendChild(materialize(blocks[k]));
    body.appendChild(fragment);
  }

  /* {at, remove, insert: [[html, start, end]…], shift,
   *  header?, title, lang, reset?, windowed?, reveal?} (reveal: the
   *  cursor's line, brought into view once the blocks are in) */
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
    if (m.reset) blocks = [];
    if (m.reset || !!m.windowed !== windowed) {
      windowed = !!m.windowed;
      rebuild(body);
    }
    if (m.at > blocks.length || m.at + m.remove > blocks.length) return false;

    var removed = blocks.slice(m.at, m.at + m.remove), added = [];
    for (var k = 0; k < m.insert.length; k++) {
      added.push(makeBlock(m.insert[k][0], m.insert[k][1], m.insert[k][2]));
      /* A block typed in keeps the height of the one it replaces until
       * it is laid out: the spacers do not jump. */
      if (removed.length === m.insert.length) added[k].height = removed[k].height;
    }

    /* The blocks that go in the document: all, or those in the window
     * (which grows to include the edit if it touches it). */
    var delta = added.length - removed.length, show = !windowed, anchor = null;
    if (windowed && hi > lo) {
      if (m.at + m.remove <= lo) {
        /* Above the window: what the screen shows stays put. */
        anchor = firstVisible();
        lo += delta;
        hi += delta;
      } else if (m.at < hi) {
        var from = Math.min(lo, m.at), to = Math.max(hi + delta, m.at + added.length);
        lo = from;
        hi = to;
        show = true;
      }
    }

    for (var i = 0; i < removed.length; i++) park(removed[i], body);
    blocks.splice.apply(blocks, [m.at, m.remove].concat(added));
    if (show) {
      var ref = bottomSpacer;
      for (var n = m.at + added.length; n < blocks.length && blocks[n].nodes; n++)
        if (blocks[n].nodes.length && parentOf.call(blocks[n].nodes[0]) === body) { ref = blocks[n].nodes[0]; break; }
      if (ref && parentOf.call(ref) !== body) ref = null;
      var fragment = createFragment.call(doc);
      for (var a = 0; a < added.length; a++) fragment.appendChild(materialize(added[a]));
      insertBefore.call(body, fragment, ref);
    }

    if (m.shift) {
      for (var s = m.at + added.length; s < blocks.length; s++) {
        blocks[s].start += m.shift;
        blocks[s].end += m.shift;
        mark(blocks[s]);
      }
    }

    if (windowed) {
      if (hi > blocks.length) hi = blocks.length;
      if (lo > hi) lo = hi;
      sizeSpacers();
      holdAnchor(anchor);
      ensureCovered(null, true);
    }

    /* Style and layout now, so that the answer means what the author sees
     * on the next frame. */
    void body.offsetHeight;
    if (m.reveal) reveal(m.reveal);
    if (window.scrollY !== scrolledBefore) ownY = window.scrollY;
    return true;
  }

  /* The window */

  function sizeSpacers () {
    setSpacerHeight(topSpacer, Math.max(0, heights(0, lo) + topExtra));
    setSpacerHeight(bottomSpacer, heights(hi, blocks.length));
  }

  /* The first block in the document that shows on the screen, and where. */
  function firstVisible () {
    var y = window.scrollY;
    for (var i = lo; i < hi; i++) {
      var r = box(blocks[i]);
      if (r && r.bottom > y) return { block: blocks[i], offset: r.top - y };
    }
    return null;
  }

  /* Keeps the anchor's block where it was on the screen by changing the
   * top spacer. */
  function holdAnchor (anchor) {
    if (!anchor || !anchor.block.nodes) return;
    var r = box(anchor.block);
    if (!r) return;
    var diff = r.top - window.scrollY - anchor.offset;
    if (Math.abs(diff) < 0.5) return;
    topExtra -= diff;
    sizeSpacers();
    if (lo === 0 && topExtra !== 0) scheduleSettle();
  }

  /* The scrolling stopped: a window at the page's top loses its extra
   * (the screen keeps what it shows, by a scroll of ours), and a page
   * scrolled to its end that grew as its last blocks came in goes on to
   * its new end. */
  function settle () {
    settleTimer = 0;
    if (!windowed) return;
    ensureCovered(null, true);
    if (lo === 0 && topExtra !== 0) {
      var anchor = firstVisible();
      topExtra = 0;
      sizeSpacers();
      var r = anchor ? box(anchor.block) : null;
      if (r) {
        window.scrollTo(0, Math.max(0, r.top - anchor.offset));
        ownY = window.scrollY;
      }
    }
    if (stickToEnd) {
      stickToEnd = false;
      /* The author's scroll, finished: the source follows. */
      window.scrollTo(0, rootOf.call(doc).scrollHeight);
    }
  }

  function scheduleSettle () {
    if (settleTimer) clearTimeout(settleTimer);
    settleTimer = setTimeout(settle, 200);
  }

  /* Records the laid-out height of each block in the document: from its
   * top to the next one's, margins included. */
  function measure () {
    if (!bottomSpacer || hi <= lo) return;
    var y = window.scrollY, next = rectOf.call(bottomSpacer).top + y;
    for (var i = hi - 1; i >= lo; i--) {
      var block = blocks[i], r = box(block);
      if (!r) continue;
      var height = Math.max(0, next - r.top);
      if (block.height < 0) {
        measuredHeight += height;
        measuredChars += block.html.length;
      }
      block.height = height;
      next = r.top;
    }
  }

  /* Blocks [from, to) in the document, the others parked, in order
   * between the spacers. */
  function setRange (from, to, keep) {
    var body = postBody()[1], anchor = keep ? firstVisible() : null;
    for (var i = lo; i < hi; i++)
      if (i < from || i >= to) park(blocks[i], body);
    var ref = bottomSpacer;
    for (var j = to - 1; j >= from; j--) {
      var block = blocks[j];
      if (!block.nodes) insertBefore.call(body, materialize(block), ref);
      if (block.nodes.length && parentOf.call(block.nodes[0]) === body) ref = block.nodes[0];
    }
    lo = from;
    hi = to;
    /* The spacers first, so that no layout sees a page shorter than the
     * view's place in it (the view would move up to the page's end). */
    sizeSpacers();
    measure();
    sizeSpacers();
    holdAnchor(anchor);
  }

  /* Walks the blocks in page order with their estimated tops: above the
   * window from the top spacer's top, in it as laid out, below it from
   * the bottom spacer's top. @visit(index, top, height) returns true to
   * stop. */
  function walk (visit) {
    var scrollY = window.scrollY, ratio = perChar(), spacer = rectOf.call(topSpacer);
    var pos = spacer.top + scrollY, windowTop = spacer.bottom + scrollY;
    var windowEnd = rectOf.call(bottomSpacer).top + scrollY;
    for (var i = 0; i < blocks.length; i++) {
      if (i === lo) pos = windowTop;
      if (i === hi) pos = windowEnd;
      var height = estimate(blocks[i], ratio);
      if (visit(i, pos, height)) return;
      pos += height;
    }
  }

  /* The blocks whose estimated place is within two screens of a view
   * whose top is at @y. */
  function rangeFor (y) {
    var height = window.innerHeight, margin = Math.max(800, 2 * height), n = blocks.length;
    var from = -1, to = n;
    walk(function (i, top, h) {
      if (from < 0 && (top + h >= y - margin || i === n - 1)) from = i;
      if (from >= 0 && top >= y + height + margin) { to = i; return true; }
      return false;
    });
    if (from < 0) from = 0;
    return [from, Math.max(to, Math.min(n, from + 1))];
  }

  /* Makes the window cover the view whose top is at @y (null: the view
   * as it is), with at least half a screen to spare on each side;
   * @keep: what shows on the screen stays where it is. */
  function ensureCovered (y, keep) {
    if (!windowed || !topSpacer) return;
    for (var pass = 0; pass < 10; pass++) {
      var at = y === null ? window.scrollY : y, height = window.innerHeight, scrollY = window.scrollY;
      var above = rectOf.call(topSpacer).bottom + scrollY, below = rectOf.call(bottomSpacer).top + scrollY;
      if ((lo === 0 || above <= at - height / 2) && (hi >= blocks.length || below >= at + 1.5 * height))
        return;
      measure();
      var range = rangeFor(at);
      setRange(range[0], range[1], keep && y === null);
    }
  }

  /* The block that holds source line @line, or the last one above it. */
  function blockForLine (line) {
    var lower = 0, upper = blocks.length - 1, found = 0;
    while (lower <= upper) {
      var mid = (lower + upper) >> 1;
      if (blocks[mid].start <= line) { found = mid; lower = mid + 1; } else upper = mid - 1;
    }
    return found;
  }

  /* In a windowed page, puts the blocks around @line in the document. */
  function showLine (line) {
    if (!windowed || !blocks.length) return;
    var b = blockForLine(line);
    if (b > lo && b + 1 < hi) return;
    if (b === lo && lo === 0 && b + 1 < hi) return;
    var top = 0;
    walk(function (i, at) { top = at; return i === b; });
    ensureCovered(Math.max(0, top - window.innerHeight / 3), false);
  }

  /* The block's box in page coordinates: from its first element's top to
   * its last element's bottom (a text-only block: a range around it). */
  function box (block) {
    var first = null, last = null, r;
    if (!block.nodes) return null;
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
    showLine(line);
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
    var lower = windowed ? lo : 0, upper = (windowed ? hi : blocks.length) - 1, found = -1, r;
    /* The last block whose top is at or above y: they are in page order. */
    while (lower <= upper) {
      var mid = (lower + upper) >> 1;
      r = box(blocks[mid]);
      if (!r) { found = -2; break; }
      if ((mid === 0 ? 0 : r.top) <= y) { found = mid; lower = mid + 1; } else upper = mid - 1;
    }
    if (found === -2) {
      /* A block without a box (rare): every block, in order. */
      found = -1;
      for (var i = 0; i < blocks.length; i++) {
        r = box(blocks[i]);
        if (r && (i === 0 ? 0 : r.top) <= y) found = i;
      }
    }
    if (found < 0) return windowed && lo > 0 ? blocks[lo].start : 1;
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
    if (windowed) {
      stickToEnd = y + window.innerHeight >= rootOf.call(doc).scrollHeight - 2;
      ensureCovered(null, true);
      if (stickToEnd || (lo === 0 && topExtra !== 0)) scheduleSettle();
    }
    if (ownY !== null && Math.abs(y - ownY) < 1) return;
    ownY = null;
    if (!syncEnabled || !blocks.length) return;
    post({ type: 'scrolled', line: lineForY(window.scrollY) });
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

  /* The element a link to "#@id" goes to; in a windowed page, brought
   * into the document if its block is parked. */
  var byId = D.getElementById, byName = D.getElementsByName;
  function find (id) {
    var target = byId.call(doc, id) || byName.call(doc, id)[0];
    if (target || !windowed) return target || null;
    var quoted = id.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    var patterns = ['id="' + quoted + '"', "id='" + quoted + "'", 'name="' + quoted + '"', "name='" + quoted + "'"];
    for (var i = 0; i < blocks.length; i++) {
      var html = blocks[i].html;
      if (blocks[i].nodes || html.indexOf(quoted) < 0) continue;
      for (var p = 0; p < patterns.length; p++) {
        if (html.indexOf(patterns[p]) < 0) continue;
        showLine(blocks[i].start);
        target = byId.call(doc, id) || byName.call(doc, id)[0];
        if (target) return target;
      }
    }
    return null;
  }

  window.billet = {
    find: find,
    patch: patch,
    scrollToLine: scrollToLine,
    reveal: reveal,
    setSync: function (on) { syncEnabled = !!on; return syncEnabled; },
    blockCount: function () { return blocks.length; },
    /* Tests: the blocks in the document, [first, end). */
    window: function () { return windowed ? [lo, hi] : [0, blocks.length]; },
  };
})();
