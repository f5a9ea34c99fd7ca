/* Loaded synchronously in <head>, before the first paint (no inline script: the site's CSP
   forbids them). Marks the page as scripted (CSS shows the controls that need JavaScript
   only then, so they never appear late and move the page) and applies the reader's stored
   text size (citizen.js stores it), so the page is laid out once, at that size. */
(function (root) {
  'use strict';
  root.className += (root.className ? ' ' : '') + 'js';
  try {
    var size = window.localStorage.getItem('cchc-text-size');
    if (size === '-1' || size === '1' || size === '2' || size === '3') {
      root.setAttribute('data-text-size', size);
    }
  } catch (e) { /* storage blocked: default size */ }
})(document.documentElement);
