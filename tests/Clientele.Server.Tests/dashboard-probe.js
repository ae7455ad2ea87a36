// Put in the dashboard's <head> by the browser test (DashboardBrowser), as a file of the same origin, so that the page's
// content security policy lets it run and it runs before the page's own script. Records errors of every kind
// (script errors, failed loads, policy violations, console.error); once the page is loaded and no longer busy
// (body[aria-busy="false"]: its requests answered and its charts decoded), measures the charts, reads the profile as
// shown, lists every resource the page fetched, and leaves the result as JSON in <html data-probe="…"> for --dump-dom.
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

  function text(node) { return node ? node.textContent.trim() : null; }

  function finish() {
    var charts = [];
    document.querySelectorAll('figure.chart').forEach(function (f) {
      var image = f.querySelector('img');
      var box = image ? image.getBoundingClientRect() : { width: 0, height: 0 };
      charts.push({
        name: f.getAttribute('data-figure'),
        src: image ? image.src.slice(0, 80) : null,
        complete: !!image && image.complete,
        naturalWidth: (image && image.naturalWidth) || 0,
        naturalHeight: (image && image.naturalHeight) || 0,
        width: box.width,
        height: box.height,
        caption: text(f.querySelector('figcaption'))
      });
    });
    var fields = {};
    document.querySelectorAll('#profile-cards [data-field]').forEach(function (c) {
      fields[c.getAttribute('data-field')] = text(c.querySelector('.value'));
    });
    var recommendations = [];
    document.querySelectorAll('#recommendations-body tr').forEach(function (row) {
      recommendations.push({ product: row.getAttribute('data-product'), because: text(row.lastElementChild) });
    });
    var explanations = {};
    document.querySelectorAll('#explanations [data-explanation]').forEach(function (b) {
      explanations[b.getAttribute('data-explanation')] = b.querySelectorAll('li').length;
    });
    var messages = [];
    document.querySelectorAll('.message').forEach(function (m) { if (!m.hidden && m.offsetParent !== null) { messages.push(text(m)); } });
    var versions = [];
    document.querySelectorAll('#profile-versions [data-kind]').forEach(function (v) { versions.push(v.getAttribute('data-kind')); });
    var tags = [];
    document.querySelectorAll('#profile-tags li').forEach(function (t) { tags.push(text(t)); });
    document.documentElement.setAttribute('data-probe', JSON.stringify({
      errors: errors,
      charts: charts,
      fields: fields,
      profileShown: !document.getElementById('profile').hidden,
      recommendations: recommendations,
      explanations: explanations,
      versions: versions,
      tags: tags,
      segmentRows: document.querySelectorAll('#segments-body tr').length,
      messages: messages,
      keySectionShown: !document.getElementById('key-section').hidden,
      address: location.href,
      keyKept: sessionStorage.getItem('clientele.dashboard.key') !== null,
      resources: performance.getEntriesByType('resource').map(function (e) { return e.name; }),
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth
    }));
  }

  function wait() {
    if (document.body && document.body.getAttribute('aria-busy') === 'false') {
      finish();
    } else {
      setTimeout(wait, 50);
    }
  }
  window.addEventListener('load', wait);
})();
