(function () {
  'use strict';
  var form = document.getElementById('filters');
  if (!form) { return; }
  form.hidden = false;
  var findings = Array.prototype.slice.call(document.querySelectorAll('details.f'));
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.platform, #summary tbody tr'));
  var shown = document.getElementById('shown');
  var search = findings.map(function (f) { return f.textContent.toLowerCase(); });
  function value(name) { var el = form.elements[name]; return el ? el.value : ''; }
  function apply() {
    var chapter = value('chapter'), level = value('level'), status = value('status');
    var verdict = value('verdict'), q = value('q').trim().toLowerCase();
    sections.forEach(function (s) { s.hidden = verdict !== '' && s.getAttribute('data-verdict') !== verdict; });
    var count = 0;
    findings.forEach(function (f, i) {
      var ok = (chapter === '' || f.getAttribute('data-chapter') === chapter)
        && (level === '' || f.getAttribute('data-level') === level)
        && (status === '' || f.getAttribute('data-status') === status)
        && (q === '' || search[i].indexOf(q) !== -1);
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
    findings.forEach(function (f) { if (!f.hidden) { f.open = open === '1'; } });
  });
  apply();
}());
