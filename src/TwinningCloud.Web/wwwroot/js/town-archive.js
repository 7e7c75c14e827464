// Town exports: follows the progress of a running export without reloading the page; reloads once one is ready
// (its download link). Without script, the page says the export runs and can be reloaded or left.
(function () {
  'use strict';
  var table = document.querySelector('[data-export-progress]');
  if (!table || table.getAttribute('data-running') !== 'true') { return; }
  var url = table.getAttribute('data-export-progress');
  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (items) {
        if (!items) { return; }
        var running = false;
        items.forEach(function (item) {
          var row = table.querySelector('[data-export="' + item.id + '"]');
          if (!row) { return; }
          var bar = row.querySelector('progress');
          var percent = row.querySelector('[data-export-percent]');
          if (bar) { bar.value = item.progress; }
          if (percent) { percent.textContent = item.progress + ' %'; }
          if (item.state === 'Queued' || item.state === 'Running') { running = true; }
        });
        if (running) { setTimeout(poll, 1500); } else { window.location.reload(); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
