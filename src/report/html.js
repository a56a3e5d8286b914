(function () {
  'use strict';
  var form = document.getElementById('filters');
  if (!form) { return; }
  form.hidden = false;
  var shown = document.getElementById('shown');
  var catalogBlock = document.getElementById('catalog');
  var catalog = catalogBlock ? JSON.parse(catalogBlock.textContent) : null;

  // Elements are built with textContent only: the data is text, never markup.
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function add(parent, child) { parent.appendChild(child); return child; }

  // A batch draws a platform's findings from its data block when first asked.
  function draw(n) {
    var box = document.getElementById('f' + n);
    var block = document.getElementById('d' + n);
    if (!box || !block || box.getAttribute('data-drawn') === '1' || !catalog) { return; }
    box.setAttribute('data-drawn', '1');
    var w = catalog.words;
    var label = {};
    w.statuses.forEach(function (s) { label[s[0]] = s[1]; });
    JSON.parse(block.textContent).forEach(function (f) {
      var c = catalog.clauses[f.c];
      var d = el('details', 'f');
      d.setAttribute('data-chapter', c.chapter);
      d.setAttribute('data-level', c.lv);
      d.setAttribute('data-status', f.status);
      var s = add(d, el('summary'));
      add(s, el('span', 'lvl ' + c.lv, c.level));
      s.appendChild(document.createTextNode(' '));
      add(s, el('b', null, c.id));
      s.appendChild(document.createTextNode(' ' + c.title + ' '));
      add(s, el('span', 'st ' + f.status, label[f.status] + ' ' + f.passed + '/' + f.total));
      if (c.veto) { s.appendChild(document.createTextNode(' ')); add(s, el('span', 'veto', w.veto)); }
      add(s, el('span', 'ch', '§' + c.chapter));
      var body = add(d, el('div', 'body'));
      if (f.unverified) { add(body, el('p', 'reason', w.unverified)); }
      add(body, el('p', 'wording', c.zh)).lang = 'zh-CN';
      if (c.en) { add(body, el('p', 'wording en', c.en)).lang = 'en'; }
      if (f.reason) { add(body, el('p', 'reason', f.reason)); }
      if (f.rows.length) {
        var table = add(body, el('table', 'ef'));
        var head = add(add(table, el('thead')), el('tr'));
        [w.field, w.expected, w.found, w.location].forEach(function (h) { add(head, el('th', null, h)); });
        var tbody = add(table, el('tbody'));
        f.rows.forEach(function (r) {
          var tr = add(tbody, el('tr'));
          add(add(tr, el('td')), el('code', null, r[0]));
          add(tr, el('td', null, r[1]));
          add(tr, el('td', null, r[2]));
          add(tr, el('td', 'loc', r[3]));
        });
      }
      if (f.yaml.length) {
        var pre = add(body, el('pre', 'yaml'));
        f.yaml.forEach(function (y) {
          var line = add(pre, el('span', y[0] === f.hl ? 'hl' : null));
          add(line, el('i', null, ('    ' + y[0]).slice(-4)));
          line.appendChild(document.createTextNode(' ' + y[1]));
        });
      }
      var dl = add(body, el('dl'));
      function term(k, v) { if (v) { add(dl, el('dt', null, k)); add(dl, el('dd', null, v)); } }
      term(w.evidence, c.evidence.join(' '));
      term(w.manual, c.manual);
      term(w.fix, c.fix);
      term(w.provenance, c.provenance);
      box.appendChild(d);
    });
    var button = document.querySelector('button.more[data-p="' + n + '"]');
    if (button) { button.hidden = true; }
    apply();
  }

  // Unfolds a chapter of the heat map into one column per clause, or folds it back.
  function unfold(i) {
    var table = document.querySelector('table.hm');
    var th = table.querySelector('th.ch[data-ch="' + i + '"]');
    var open = th.classList.toggle('open');
    var ids = catalog.chapters[i][1];
    Array.prototype.slice.call(table.querySelectorAll('.cl[data-of="' + i + '"]')).forEach(function (x) { x.remove(); });
    if (!open) { return; }
    var after = th;
    ids.forEach(function (k) {
      var h = el('th', 'cl', catalog.clauses[k].id);
      h.setAttribute('data-of', i);
      h.title = catalog.clauses[k].title;
      after.after(h);
      after = h;
    });
    var col = th.cellIndex;
    var codes = { p: 'pass', f: 'fail', q: 'partial', n: 'not_applicable', w: 'waived', e: 'error' };
    Array.prototype.slice.call(table.tBodies[0].rows).forEach(function (row) {
      var s = row.getAttribute('data-s') || '';
      var at = row.cells[col];
      ids.forEach(function (k) {
        var status = codes[s.charAt(k)] || '';
        var td = el('td', 'cl s-' + status);
        td.setAttribute('data-of', i);
        td.title = catalog.clauses[k].id + ' ' + status;
        at.after(td);
        at = td;
      });
    });
  }

  function value(name) { var e = form.elements[name]; return e ? e.value : ''; }
  function apply() {
    var chapter = value('chapter'), level = value('level'), status = value('status');
    var verdict = value('verdict'), q = value('q').trim().toLowerCase();
    var rows = document.querySelectorAll('section.platform, #summary tbody tr, table.hm tbody tr');
    Array.prototype.forEach.call(rows, function (s) {
      s.hidden = verdict !== '' && s.getAttribute('data-verdict') !== verdict;
    });
    var findings = document.querySelectorAll('details.f');
    var count = 0;
    Array.prototype.forEach.call(findings, function (f) {
      var ok = (chapter === '' || f.getAttribute('data-chapter') === chapter)
        && (level === '' || f.getAttribute('data-level') === level)
        && (status === '' || f.getAttribute('data-status') === status)
        && (q === '' || f.textContent.toLowerCase().indexOf(q) !== -1);
      f.hidden = !ok;
      if (ok && !f.closest('section').hidden) { count += 1; }
    });
    shown.textContent = count + ' / ' + findings.length;
  }
  form.addEventListener('change', apply);
  form.addEventListener('input', apply);
  form.addEventListener('submit', function (ev) { ev.preventDefault(); });
  form.addEventListener('click', function (ev) {
    var open = ev.target.getAttribute && ev.target.getAttribute('data-open');
    if (open === null || open === undefined) { return; }
    Array.prototype.forEach.call(document.querySelectorAll('details.f'), function (f) {
      if (!f.hidden) { f.open = open === '1'; }
    });
  });
  if (catalog) {
    Array.prototype.forEach.call(document.querySelectorAll('button.more'), function (b) { b.hidden = false; });
    Array.prototype.forEach.call(document.querySelectorAll('.noscript'), function (b) { b.hidden = true; });
    document.addEventListener('click', function (ev) {
      var t = ev.target;
      if (!t.getAttribute) { return; }
      if (t.getAttribute('data-p')) { draw(t.getAttribute('data-p')); }
      if (t.getAttribute('data-ch') && t.tagName === 'BUTTON') { unfold(Number(t.getAttribute('data-ch'))); }
    });
    // Following a link to a platform draws its findings.
    var follow = function () {
      var m = /^#p(\d+)$/.exec(location.hash);
      if (m) { draw(m[1]); }
    };
    window.addEventListener('hashchange', follow);
    follow();
  }
  apply();
}());
