/* Text size (A− A A+ in the header) and "copy" buttons (share bar, RSS page).
   Progressive enhancement: without JavaScript the controls stay hidden (site.css shows
   them under html.js, set by prefs.js) and every link works. */
(function () {
  'use strict';
  var root = document.documentElement;
  var KEY = 'cchc-text-size';
  var MIN = -1, MAX = 3;
  var PERCENT = { '-1': 87.5, '0': 100, '1': 112.5, '2': 125, '3': 150 };

  function currentSize() {
    var value = parseInt(root.getAttribute('data-text-size') || '0', 10);
    return value >= MIN && value <= MAX ? value : 0;
  }

  function applySize(size, announce) {
    if (size) {
      root.setAttribute('data-text-size', String(size));
    } else {
      root.removeAttribute('data-text-size');
    }
    try {
      if (size) {
        window.localStorage.setItem(KEY, String(size));
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (e) { /* not stored: applies to this page only */ }
    var groups = document.querySelectorAll('[data-text-size-control]');
    for (var i = 0; i < groups.length; i++) {
      var group = groups[i];
      var buttons = group.querySelectorAll('[data-text-size]');
      for (var j = 0; j < buttons.length; j++) {
        var action = buttons[j].getAttribute('data-text-size');
        if (action === 'reset') {
          buttons[j].setAttribute('aria-pressed', size === 0 ? 'true' : 'false');
        } else {
          var limit = action === 'down' ? size <= MIN : size >= MAX;
          buttons[j].setAttribute('aria-disabled', limit ? 'true' : 'false');
        }
      }
      var status = group.querySelector('[data-text-size-status]');
      if (announce && status) {
        status.textContent = (group.getAttribute('data-announce') || '{size}%')
          .replace('{size}', String(PERCENT[String(size)]).replace('.', ','));
      }
    }
  }

  document.addEventListener('click', function (event) {
    var target = event.target;
    var button = target && target.closest ? target.closest('[data-text-size]') : null;
    if (button) {
      var action = button.getAttribute('data-text-size');
      var size = currentSize();
      if (action === 'up' && size < MAX) {
        size += 1;
      } else if (action === 'down' && size > MIN) {
        size -= 1;
      } else if (action === 'reset') {
        size = 0;
      }
      applySize(size, true);
      return;
    }
    var copy = target && target.closest ? target.closest('[data-copy]') : null;
    if (copy) {
      copyText(copy.getAttribute('data-copy'), copy);
    }
  });

  function announce(button, ok) {
    var status = document.getElementById('copy-status');
    if (!status) {
      return;
    }
    var text = button.getAttribute(ok ? 'data-copied' : 'data-copy-failed') || '';
    // A new text each time, so that a second copy is announced again.
    status.textContent = '';
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function fallbackCopy(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'copy-buffer';
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand('copy');
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(area);
    return ok;
  }

  function copyText(text, button) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () {
        announce(button, true);
      }, function () {
        announce(button, fallbackCopy(text));
      });
    } else {
      announce(button, fallbackCopy(text));
    }
  }

  applySize(currentSize(), false);
})();
