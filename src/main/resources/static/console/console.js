// The ops console's only script: keeps the page's live parts current, and takes admin actions through
// the hub's API. No library; works in any current browser.
(function () {
  'use strict';

  var CALLER_KEY = 'cityhub.console.caller';

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

  // Admin actions: POST /api/v1/departments/{code}/actions with the caller's name in X-Cityhub-Caller
  // (kept in this browser until the hub authenticates people), then an immediate refresh.
  function setUpActions() {
    var form = document.getElementById('actions-form');
    if (!form) {
      return;
    }
    var caller = document.getElementById('caller');
    var reason = document.getElementById('reason');
    var result = document.getElementById('action-result');
    caller.value = window.localStorage.getItem(CALLER_KEY) || '';
    caller.addEventListener('change', function () {
      window.localStorage.setItem(CALLER_KEY, caller.value.trim());
    });

    function say(text, bad) {
      result.textContent = text;
      result.className = bad ? 'problem' : 'done';
    }

    // delegated: the buttons are replaced at every refresh
    form.addEventListener('click', function (event) {
      var button = event.target.closest('button[data-action]');
      if (!button) {
        return;
      }
      var who = caller.value.trim();
      if (!who) {
        say(form.dataset.needCaller, true);
        caller.focus();
        return;
      }
      window.localStorage.setItem(CALLER_KEY, who);
      var accept = document.getElementById('accept-rejected');
      var body = {action: button.dataset.action, reason: reason.value.trim() || null};
      if (accept && accept.checked) {
        body.acceptRejected = true;
      }
      say(form.dataset.running, false);
      fetch('/api/v1/departments/' + encodeURIComponent(form.dataset.department) + '/actions', {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'Accept': 'application/json, application/problem+json',
                  'X-Cityhub-Caller': who},
        body: JSON.stringify(body)
      }).then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (answer) {
          if (r.ok) {
            say(form.dataset.done.replace('{0}', button.textContent), false);
            reason.value = '';
          } else {
            say(form.dataset.refused.replace('{0}', answer.detail || answer.title || ('HTTP ' + r.status)), true);
          }
          return refresh();
        });
      }).catch(function (e) {
        say(form.dataset.refused.replace('{0}', e.message), true);
      });
    });
  }

  // Connector actions (connectors page): POST /api/v1/connectors/{dept}/{connector}/actions, the same caller
  // name kept in this browser, then an immediate refresh.
  function setUpConnectorActions() {
    var form = document.getElementById('connector-actions-form');
    if (!form) {
      return;
    }
    var caller = document.getElementById('caller');
    var reason = document.getElementById('reason');
    var result = document.getElementById('action-result');
    caller.value = window.localStorage.getItem(CALLER_KEY) || '';
    caller.addEventListener('change', function () {
      window.localStorage.setItem(CALLER_KEY, caller.value.trim());
    });

    function say(text, bad) {
      result.textContent = text;
      result.className = bad ? 'problem' : 'done';
    }

    // delegated on the document: the buttons sit in the live table, replaced at every refresh
    document.addEventListener('click', function (event) {
      var button = event.target.closest('button[data-connector-action]');
      if (!button) {
        return;
      }
      var who = caller.value.trim();
      if (!who) {
        say(form.dataset.needCaller, true);
        caller.focus();
        return;
      }
      window.localStorage.setItem(CALLER_KEY, who);
      var label = button.textContent + ' ' + button.dataset.department + '/' + button.dataset.connector;
      say(form.dataset.running, false);
      fetch('/api/v1/connectors/' + encodeURIComponent(button.dataset.department) + '/'
            + encodeURIComponent(button.dataset.connector) + '/actions', {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'Accept': 'application/json, application/problem+json',
                  'X-Cityhub-Caller': who},
        body: JSON.stringify({action: button.dataset.connectorAction, reason: reason.value.trim() || null})
      }).then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (answer) {
          if (r.ok) {
            say(form.dataset.done.replace('{0}', label), false);
            reason.value = '';
          } else {
            say(form.dataset.refused.replace('{0}', answer.detail || answer.title || ('HTTP ' + r.status)), true);
          }
          return refresh();
        });
      }).catch(function (e) {
        say(form.dataset.refused.replace('{0}', e.message), true);
      });
    });
  }

  // Dead-letter page: replay (one, or all of the department), discard (one, with a reason) and mapping reload,
  // posted to the ops API (/api/v1/ops/...) with the caller's name in X-Cityhub-Caller, then an immediate refresh.
  function setUpOpsActions() {
    var box = document.getElementById('ops-actions');
    if (!box) {
      return;
    }
    var caller = document.getElementById('caller');
    var reason = document.getElementById('reason');
    var result = document.getElementById('ops-result');
    caller.value = window.localStorage.getItem(CALLER_KEY) || '';
    caller.addEventListener('change', function () {
      window.localStorage.setItem(CALLER_KEY, caller.value.trim());
    });

    function say(text, bad) {
      result.textContent = text;
      result.className = bad ? 'problem' : 'done';
    }

    // delegated: the per-message buttons are replaced at every refresh
    box.addEventListener('click', function (event) {
      var button = event.target.closest('button[data-ops]');
      if (!button) {
        return;
      }
      var who = caller.value.trim();
      if (!who) {
        say(box.dataset.needCaller, true);
        caller.focus();
        return;
      }
      window.localStorage.setItem(CALLER_KEY, who);
      var why = reason.value.trim() || null;
      var kind = button.dataset.ops;
      var path;
      var body;
      if (kind === 'reload') {
        path = '/api/v1/ops/mappings/reload';
        body = {reason: why};
      } else if (kind === 'discard') {
        if (!why) {
          say(box.dataset.needReason, true);
          reason.focus();
          return;
        }
        path = '/api/v1/ops/dead-letters/discard';
        body = {department: box.dataset.department, ids: [button.dataset.id], reason: why};
      } else if (kind === 'replay-all') {
        path = '/api/v1/ops/dead-letters/replay';
        body = {department: box.dataset.department, all: true, reason: why};
      } else {
        path = '/api/v1/ops/dead-letters/replay';
        body = {department: box.dataset.department, ids: [button.dataset.id], reason: why};
      }
      say(box.dataset.running, false);
      fetch(path, {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'Accept': 'application/json, application/problem+json',
                  'X-Cityhub-Caller': who},
        body: JSON.stringify(body)
      }).then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (answer) {
          if (r.ok) {
            say(kind === 'reload'
              ? box.dataset.reloaded.replace('{0}', (answer.reloaded || []).join(', '))
              : box.dataset.done.replace('{0}', button.textContent).replace('{1}', String(answer.affected)), false);
          } else {
            say(box.dataset.refused.replace('{0}', answer.detail || answer.title || ('HTTP ' + r.status)), true);
          }
          return refresh();
        });
      }).catch(function (e) {
        say(box.dataset.refused.replace('{0}', e.message), true);
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    startRefreshing();
    setUpActions();
    setUpConnectorActions();
    setUpOpsActions();
  });
}());
