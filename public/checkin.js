// The check-in code changes every 30 seconds: reload the projector page when it does, and stop once the window closes.
(function () {
  var el = document.querySelector('[data-reload-at]');
  if (!el) return;
  var at = Number(el.getAttribute('data-reload-at'));
  var closes = Number(el.getAttribute('data-closes-at'));
  var wait = Math.max(1000, Math.min(at, closes) - Date.now() + 300);
  setTimeout(function () { window.location.reload(); }, wait);
})();
