// Passkey ceremonies for the sign-in, welcome and account pages. A form marked
// data-passkey="signin" or "register" gets its options from the server, runs the browser's
// WebAuthn call, puts the result (JSON, binary fields base64url) into its hidden "credential"
// field and submits itself: the server answers the POST as a normal page, CSRF token included.
(function () {
  'use strict';

  function toBytes(base64url) {
    var base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
    while (base64.length % 4) { base64 += '='; }
    var raw = atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    if (!buffer) { return undefined; }
    var bytes = new Uint8Array(buffer);
    var raw = '';
    for (var i = 0; i < bytes.length; i++) { raw += String.fromCharCode(bytes[i]); }
    return btoa(raw).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function options(path) {
    return fetch(path, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (res) {
        if (!res.ok) { throw new Error('options ' + res.status); }
        return res.json();
      });
  }

  function register() {
    return options('/account/passkeys/options').then(function (o) {
      o.challenge = toBytes(o.challenge);
      o.user.id = toBytes(o.user.id);
      (o.excludeCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
      return navigator.credentials.create({ publicKey: o });
    }).then(function (c) {
      return {
        id: c.id,
        rawId: toBase64url(c.rawId),
        type: c.type,
        response: {
          attestationObject: toBase64url(c.response.attestationObject),
          clientDataJSON: toBase64url(c.response.clientDataJSON),
          transports: c.response.getTransports ? c.response.getTransports() : []
        }
      };
    });
  }

  function signIn() {
    return options('/signin/options').then(function (o) {
      o.challenge = toBytes(o.challenge);
      (o.allowCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
      return navigator.credentials.get({ publicKey: o });
    }).then(function (c) {
      return {
        id: c.id,
        rawId: toBase64url(c.rawId),
        type: c.type,
        response: {
          clientDataJSON: toBase64url(c.response.clientDataJSON),
          authenticatorData: toBase64url(c.response.authenticatorData),
          signature: toBase64url(c.response.signature),
          userHandle: toBase64url(c.response.userHandle)
        }
      };
    });
  }

  // Exposed for the browser tests, which capture an assertion to replay it over plain HTTP.
  window.signetPasskeys = { register: register, signIn: signIn };

  function wire(form) {
    var button = form.querySelector('[data-passkey-start]');
    var error = form.querySelector('[data-passkey-error]');
    var ceremony = form.getAttribute('data-passkey') === 'signin' ? signIn : register;
    if (!window.PublicKeyCredential) {
      error.textContent = 'This browser cannot use passkeys. Try a current browser.';
      error.classList.remove('hidden');
      button.disabled = true;
      return;
    }
    button.addEventListener('click', function () {
      button.disabled = true;
      error.classList.add('hidden');
      ceremony().then(function (credential) {
        form.elements.credential.value = JSON.stringify(credential);
        form.submit();
      }).catch(function () {
        error.textContent = 'The passkey was not used. Try again when you are ready.';
        error.classList.remove('hidden');
        button.disabled = false;
      });
    });
  }

  document.querySelectorAll('form[data-passkey]').forEach(wire);
})();
