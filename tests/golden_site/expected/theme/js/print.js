/* Reveal the "In bài viết" buttons (hidden without JS) and let them print the page. */
(function () {
  'use strict';
  if (typeof window.print !== 'function' || !document.querySelectorAll) {
    return;
  }
  var buttons = document.querySelectorAll('[data-print]');
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener('click', function () {
      window.print();
    });
  }
})();
