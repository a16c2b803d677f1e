// Moves the progress bar of a bulk issue while it runs, then reloads for the server's summary. Without JavaScript the
// page's "Stand aktualisieren" link does the same by hand.
(function () {
  var box = document.querySelector('[data-run-status]');
  var bar = document.getElementById('run-progress');
  var count = document.getElementById('run-count');
  if (!box || !bar || !count) return;
  var url = box.getAttribute('data-run-status');
  var template = count.getAttribute('data-template');
  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (s) {
        bar.value = s.done;
        bar.textContent = s.done + ' / ' + s.total;
        count.textContent = template.replace('{done}', s.done).replace('{total}', s.total);
        if (s.state === 'laufend') setTimeout(poll, 500);
        else window.location.reload();
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 300);
})();
