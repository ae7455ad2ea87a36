// Injected by the browser tests at the top of the report's <head> (before its content security policy, so it may run).
// Records errors of every kind, then at load measures each chart and lists every resource the page fetched, and
// leaves the result as JSON in <html data-probe="…">, which --dump-dom prints (or posts it to the host page when framed).
(function () {
  var errors = [];
  function record(kind, message) { errors.push(kind + ': ' + message); }
  window.addEventListener('error', function (e) {
    var t = e.target;
    if (t && t !== window && t.tagName) {
      record('resource', t.tagName + ' ' + String(t.currentSrc || t.src || t.href || '').slice(0, 80));
    } else {
      record('error', e.message);
    }
  }, true);
  window.addEventListener('unhandledrejection', function (e) { record('rejection', String(e.reason)); });
  document.addEventListener('securitypolicyviolation', function (e) { record('csp', e.violatedDirective + ' ' + e.blockedURI); });
  var originalError = console.error;
  console.error = function () {
    record('console.error', Array.prototype.join.call(arguments, ' '));
    return originalError.apply(console, arguments);
  };
  window.addEventListener('load', function () {
    var charts = [];
    document.querySelectorAll('figure.chart').forEach(function (f) {
      var image = f.querySelector('img, svg');
      var box = image ? image.getBoundingClientRect() : { width: 0, height: 0 };
      charts.push({
        name: f.getAttribute('data-figure'),
        tag: image ? image.tagName.toLowerCase() : null,
        complete: image && image.tagName === 'IMG' ? image.complete : !!image,
        naturalWidth: (image && image.naturalWidth) || 0,
        naturalHeight: (image && image.naturalHeight) || 0,
        width: box.width,
        height: box.height
      });
    });
    var navigation = performance.getEntriesByType('navigation')[0];
    var result = JSON.stringify({
      errors: errors,
      charts: charts,
      resources: performance.getEntriesByType('resource').map(function (e) { return e.name; }),
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      loadMs: navigation ? navigation.loadEventStart : performance.now()
    });
    document.documentElement.setAttribute('data-probe', result);
    // In a frame (the phone width: a headless window is at least 500 px wide), hand the result to the host page.
    if (window.parent !== window) {
      window.parent.postMessage({ probe: result }, '*');
    }
  });
})();
