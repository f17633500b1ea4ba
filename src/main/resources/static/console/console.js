// The ops console's only script: keeps the page's live parts current, and takes admin actions through
// the hub's API. No library; works in any current browser.
(function () {
  'use strict';


  function status(text, failed) {
    var el = document.getElementById('refresh-status');
    if (el) {
      el.textContent = text;
      el.classList.toggle('bad', !!failed);
    }
  }

  // Fetches this page again and swaps every element marked data-live for its new version (same id).
  // Forms sit outside the live parts, so what an operator types survives a refresh.
  function refresh() {
    return fetch(window.location.href, {headers: {'Accept': 'text/html'}, cache: 'no-store', credentials: 'same-origin'})
      .then(function (r) {
        if (r.redirected && /\/login(\?|$)/.test(new URL(r.url).pathname + new URL(r.url).search)) {
          // the session ended: go and sign in again, then come back here
          window.location.assign(r.url);
          throw new Error('signed out');
        }
        if (!r.ok) {
          throw new Error('HTTP ' + r.status);
        }
        return r.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        document.querySelectorAll('[data-live]').forEach(function (old) {
          var next = fresh.getElementById(old.id);
          if (next) {
            // what an operator opened (e.g. a dead letter's payload) stays open
            old.querySelectorAll('details[open][id]').forEach(function (d) {
              var same = next.querySelector('details[id="' + d.id.replace(/["\\]/g, '\\$&') + '"]');
              if (same) {
                same.open = true;
              }
            });
            old.replaceWith(document.importNode(next, true));
          }
        });
        var el = document.getElementById('refresh-status');
        if (el) {
          status(el.dataset.last + ' ' + new Date().toLocaleTimeString(), false);
        }
        document.body.dataset.refreshed = String(Number(document.body.dataset.refreshed || 0) + 1);
      })
      .catch(function () {
        var el = document.getElementById('refresh-status');
        if (el) {
          status(el.dataset.failed, true);
        }
      });
  }

  function startRefreshing() {
    var seconds = Number(document.body.dataset.refresh || 0);
    if (seconds > 0) {
      window.setInterval(refresh, seconds * 1000);
    }
  }

  // One action panel: a reason and a result line. A click on a button matching `selector` inside `clickRoot`
  // posts what plan(button, why) returns ({path, body, done(answer), keepReason} or {refusal, focus}) with the
  // signed-in session and its CSRF token (the audit records the signed-in person), then refreshes the page
  // at once. Delegated: the buttons are replaced at every refresh.
  // The session's CSRF token, from the page's meta tags, added to a POST's headers.
  function csrfHeaders(headers) {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    if (token && header && token.content && header.content) {
      headers[header.content] = token.content;
    }
    return headers;
  }

  function actionPanel(panel, result, clickRoot, selector, plan) {
    var reason = document.getElementById('reason');

    function say(text, bad) {
      result.textContent = text;
      result.className = bad ? 'problem' : 'done';
    }

    clickRoot.addEventListener('click', function (event) {
      var button = event.target.closest(selector);
      if (!button) {
        return;
      }
      var request = plan(button, reason.value.trim() || null);
      if (request.refusal) {
        say(request.refusal, true);
        (request.focus || reason).focus();
        return;
      }
      say(panel.dataset.running, false);
      fetch(request.path, {
        method: 'POST',
        headers: csrfHeaders({'Content-Type': 'application/json', 'Accept': 'application/json, application/problem+json'}),
        body: JSON.stringify(request.body)
      }).then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (answer) {
          if (r.ok) {
            say(request.done(answer), false);
            if (!request.keepReason) {
              reason.value = '';
            }
          } else {
            say(panel.dataset.refused.replace('{0}', answer.detail || answer.title || ('HTTP ' + r.status)), true);
          }
          return refresh();
        });
      }).catch(function (e) {
        say(panel.dataset.refused.replace('{0}', e.message), true);
      });
    });
  }

  // Admin actions (department page): POST /api/v1/departments/{code}/actions.
  function setUpActions() {
    var form = document.getElementById('actions-form');
    if (!form) {
      return;
    }
    actionPanel(form, document.getElementById('action-result'), form, 'button[data-action]', function (button, why) {
      var body = {action: button.dataset.action, reason: why};
      var accept = document.getElementById('accept-rejected');
      if (accept && accept.checked) {
        body.acceptRejected = true;
      }
      return {path: '/api/v1/departments/' + encodeURIComponent(form.dataset.department) + '/actions', body: body,
              done: function () { return form.dataset.done.replace('{0}', button.textContent); }};
    });
  }

  // Connector actions (connectors page): POST /api/v1/connectors/{dept}/{connector}/actions; the buttons sit
  // in the live table, so clicks are taken on the document.
  function setUpConnectorActions() {
    var form = document.getElementById('connector-actions-form');
    if (!form) {
      return;
    }
    actionPanel(form, document.getElementById('action-result'), document, 'button[data-connector-action]',
      function (button, why) {
        var label = button.textContent + ' ' + button.dataset.department + '/' + button.dataset.connector;
        var body = {action: button.dataset.connectorAction, reason: why};
        if (body.action === 'resync') {
          var watermark = document.getElementById('watermark');
          body.watermark = watermark.value.trim();
          if (!body.watermark) {
            return {refusal: form.dataset.needWatermark, focus: watermark};
          }
        }
        return {path: '/api/v1/connectors/' + encodeURIComponent(button.dataset.department) + '/'
                  + encodeURIComponent(button.dataset.connector) + '/actions',
                body: body,
                done: function () { return form.dataset.done.replace('{0}', label); }};
      });
  }

  // Dead-letter page: replay (one, or all of the department), discard (one, with a reason) and mapping reload,
  // posted to the ops API (/api/v1/ops/...).
  function setUpOpsActions() {
    var box = document.getElementById('ops-actions');
    if (!box) {
      return;
    }
    actionPanel(box, document.getElementById('ops-result'), box, 'button[data-ops]', function (button, why) {
      var kind = button.dataset.ops;
      var done = function (answer) {
        return box.dataset.done.replace('{0}', button.textContent).replace('{1}', String(answer.affected));
      };
      if (kind === 'reload') {
        return {path: '/api/v1/ops/mappings/reload', body: {reason: why}, keepReason: true,
                done: function (answer) { return box.dataset.reloaded.replace('{0}', (answer.reloaded || []).join(', ')); }};
      }
      if (kind === 'discard') {
        if (!why) {
          return {refusal: box.dataset.needReason};
        }
        return {path: '/api/v1/ops/dead-letters/discard', keepReason: true, done: done,
                body: {department: box.dataset.department, ids: [button.dataset.id], reason: why}};
      }
      return {path: '/api/v1/ops/dead-letters/replay', keepReason: true, done: done,
              body: kind === 'replay-all' ? {department: box.dataset.department, all: true, reason: why}
                : {department: box.dataset.department, ids: [button.dataset.id], reason: why}};
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    startRefreshing();
    setUpActions();
    setUpConnectorActions();
    setUpOpsActions();
  });
}());
