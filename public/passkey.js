// Passkeys (WebAuthn) need the browser's API: this script shows the passkey forms where it exists and runs the
// ceremony with the server (options, the browser's dialog, the answer). Without it the page says where passkeys work,
// and the code from the app does everything else.
(function () {
  var root = document.querySelector('[data-passkey]');
  var unsupported = document.querySelector('[data-passkey-unsupported]');
  var lib = window.SimpleWebAuthnBrowser;
  if (!root || !window.PublicKeyCredential || !lib) return;
  root.hidden = false;
  if (unsupported) unsupported.hidden = true;
  var form = root.querySelector('form');
  var status = root.querySelector('[data-passkey-status]');
  var button = form.querySelector('button');
  function say(text) {
    status.textContent = text;
  }
  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': root.dataset.csrf },
      body: JSON.stringify(body || {}),
    }).then(function (r) {
      return r.json().then(
        function (data) { return { ok: r.ok, data: data }; },
        function () { return { ok: false, data: {} }; }
      );
    });
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var register = root.dataset.passkey === 'register';
    var nameField = form.querySelector('[name="name"]');
    button.disabled = true;
    say(root.dataset.working);
    post(root.dataset.optionsUrl, register ? { name: nameField.value } : {})
      .then(function (options) {
        if (!options.ok) throw { message: options.data.error };
        var ceremony = register
          ? lib.startRegistration({ optionsJSON: options.data })
          : lib.startAuthentication({ optionsJSON: options.data });
        return ceremony.then(
          function (response) { return post(root.dataset.verifyUrl, { response: response }); },
          function () { throw { message: root.dataset.cancelled }; }
        );
      })
      .then(function (done) {
        if (done.ok && done.data.redirect) return window.location.assign(done.data.redirect);
        throw { message: done.data.error };
      })
      .catch(function (err) {
        say((err && err.message) || root.dataset.failed);
        button.disabled = false;
      });
  });
})();
