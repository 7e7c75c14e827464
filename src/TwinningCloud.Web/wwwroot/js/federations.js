// Onboarding form: the web address name follows the town's name until someone types it themselves.
(function () {
  'use strict';
  var form = document.querySelector('form[data-slug-from]');
  if (!form) { return; }
  var from = document.getElementById(form.getAttribute('data-slug-from'));
  var to = document.getElementById(form.getAttribute('data-slug-to'));
  if (!from || !to) { return; }
  var touched = to.value !== '';
  to.addEventListener('input', function () { touched = to.value !== ''; });
  from.addEventListener('input', function () {
    if (touched) { return; }
    to.value = from.value.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
  });
})();

// Bulk onboarding: follows the progress of a running import without reloading; reloads once it is done (the report).
(function () {
  'use strict';
  var box = document.querySelector('[data-import-progress]');
  if (!box || box.getAttribute('data-running') !== 'true') { return; }
  var bar = document.getElementById('import-bar');
  var counts = document.getElementById('import-counts');
  var url = box.getAttribute('data-import-progress');
  function poll() {
    fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p) { return; }
        bar.max = Math.max(1, p.total);
        bar.value = p.processed;
        bar.textContent = p.processed + ' / ' + p.total;
        var values = [p.processed, p.total, p.created, p.alreadyThere, p.refused];
        counts.textContent = (counts.getAttribute('data-template') || '').replace(/\{(\d)\}/g, function (_, i) { return String(values[+i]); });
        if (p.status !== 'Running') { window.location.reload(); return; }
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
