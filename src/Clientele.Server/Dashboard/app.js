// The dashboard: reads the service's keyed routes with the key the person gives it and shows what they answer.
// Everything from the service is put on the page as text (textContent), never as markup. The key comes from the
// address's fragment (#key=…, never sent to the server) or the key form, is kept in this tab's sessionStorage only,
// and goes out as Authorization: Bearer to this origin.
(function () {
  'use strict';

  var KEY_ITEM = 'clientele.dashboard.key';
  var pending = 0;
  var chartUrls = [];
  var lookupSerial = 0;

  function $(id) { return document.getElementById(id); }

  // The page is busy (aria-busy) while a request or a chart's decoding is under way.
  function begin() { pending += 1; document.body.setAttribute('aria-busy', 'true'); }
  function end() { pending -= 1; if (pending === 0) { document.body.setAttribute('aria-busy', 'false'); } }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function show(node, text) { node.textContent = text; node.hidden = false; }

  var integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
  var decimal = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  function count(v) { return v === null || v === undefined ? '–' : integer.format(v); }
  function money(v) { return v === null || v === undefined ? '–' : decimal.format(v); }
  function percent(v) { return v === null || v === undefined ? '–' : (v * 100).toFixed(1) + ' %'; }
  function fixed(v, digits) { return v === null || v === undefined ? '–' : Number(v).toFixed(digits); }

  // ---- the key --------------------------------------------------------------------------------------------------

  function key() { return sessionStorage.getItem(KEY_ITEM); }

  function askForKey(message) {
    $('key-section').hidden = false;
    $('forget').hidden = !key();
    if (message) { show($('key-message'), message); } else { $('key-message').hidden = true; }
    $('key-input').focus();
  }

  function keyGiven() {
    $('key-section').hidden = true;
    $('forget').hidden = false;
  }

  // ---- requests ---------------------------------------------------------------------------------------------------

  // What to tell the person about an answer that is not 2xx; the problem's own detail where it says what is missing.
  function problemText(status, problem, what) {
    var detail = problem && typeof problem.detail === 'string' ? problem.detail : '';
    switch (status) {
      case 401: return 'The key was not accepted (missing, not a key of this service, or revoked). Enter a read key.';
      case 403: return 'This key may not read ' + what + ': it needs a read or admin key (an ingest key only sends events).';
      case 404: return detail || ('Not found: ' + what + '.');
      case 429: return 'Too many requests for this key just now: wait a second and try again.';
      case 503: return 'The service is at capacity or its store is not answering: try again in a moment.' + (detail ? ' (' + detail + ')' : '');
      case 400: return 'The request was not valid: ' + (detail || 'check what was entered') + '.';
      default: return 'The service answered ' + status + (problem && problem.title ? ' (' + problem.title + ')' : '') + ' for ' + what + '.';
    }
  }

  // GET a keyed route. Resolves to { ok, status, body } where body is JSON, a Blob (asBlob) or the problem; never rejects.
  function get(path, asBlob) {
    var k = key();
    if (!k) { return Promise.resolve({ ok: false, status: 401, body: null }); }
    begin();
    return fetch(path, { headers: { Authorization: 'Bearer ' + k }, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' })
      .then(function (response) {
        var type = response.headers.get('Content-Type') || '';
        var read = response.ok && asBlob ? response.blob()
          : type.indexOf('json') >= 0 ? response.json().catch(function () { return null; })
          : Promise.resolve(null);
        return read.then(function (body) { return { ok: response.ok, status: response.status, body: body }; });
      }, function () { return { ok: false, status: 0, body: null }; })
      .then(function (answer) { end(); return answer; });
  }

  // Reports an answer that is not ok in the given message element; 401/403 also bring the key form back.
  function report(answer, where, what) {
    if (answer.status === 0) {
      show(where, 'Could not reach the service: check that it is running and try again.');
      return;
    }
    var text = problemText(answer.status, answer.body, what);
    show(where, text);
    if (answer.status === 401 || answer.status === 403) { askForKey(text); }
  }

  // ---- segments ---------------------------------------------------------------------------------------------------

  function loadSegments() {
    var message = $('segments-message');
    message.hidden = true;
    chartUrls.forEach(function (u) { URL.revokeObjectURL(u); });
    chartUrls = [];
    clear($('charts'));
    $('segments-table-wrap').hidden = true;
    return get('/v1/dashboard/segments').then(function (answer) {
      if (!answer.ok) { report(answer, message, 'segments'); return; }
      var data = answer.body;
      var versions = data.versions;
      var current = versions.filter(function (v) { return v.is_current; })[0];
      $('segments-note').textContent = versions.length === 1
        ? 'One segmentation is stored (version ' + current.version + ', as of ' + (current.as_of || '–') + '): segments over time show one point per segment until the next.'
        : versions.length + ' segmentations are stored; the current one is version ' + current.version + ', as of ' + (current.as_of || '–') + '.';
      segmentsTable(versions);
      return Promise.all(data.charts.map(chart));
    });
  }

  function chart(c) {
    var figure = el('figure', null, 'chart');
    figure.setAttribute('data-figure', c.name);
    var image = el('img');
    image.alt = c.title;
    image.width = 640;
    figure.appendChild(image);
    figure.appendChild(el('figcaption', c.caption));
    $('charts').appendChild(figure);
    return get(c.path, true).then(function (answer) {
      if (!answer.ok) {
        var problem = el('p', null, 'message');
        figure.replaceChild(problem, image);
        report(answer, problem, 'the chart ' + c.name);
        return;
      }
      var url = URL.createObjectURL(answer.body);
      chartUrls.push(url);
      begin();
      image.src = url;
      return image.decode().catch(function () {
        var problem = el('p', 'The chart ' + c.title + ' could not be drawn.', 'message');
        figure.replaceChild(problem, image);
      }).then(end);
    });
  }

  function segmentsTable(versions) {
    var head = $('segments-head');
    var body = $('segments-body');
    clear(head);
    clear(body);
    head.appendChild(el('th', 'Segment'));
    versions.forEach(function (v) {
      var th = el('th', 'v' + v.version + (v.as_of ? ' · ' + v.as_of : '') + (v.is_current ? ' (current)' : ''), 'num');
      head.appendChild(th);
    });
    // Rows: the segments of every version, in the newest version's order, then any only older versions had.
    var ids = [];
    var names = {};
    versions.slice().reverse().forEach(function (v) {
      v.segments.forEach(function (s) {
        if (!Object.prototype.hasOwnProperty.call(names, s.id)) {
          ids.push(s.id);
          names[s.id] = s.kind === 'cluster' ? 'cluster ' + s.id.slice('cluster:'.length) + (s.label ? ': ' + s.label : '') : s.id;
        }
      });
    });
    var rfm = ids.filter(function (id) { return id.indexOf('cluster:') !== 0; });
    var clusters = ids.filter(function (id) { return id.indexOf('cluster:') === 0; });
    rfm.concat(clusters).forEach(function (id) {
      var row = el('tr');
      row.setAttribute('data-segment', id);
      row.appendChild(el('td', names[id], 'text'));
      versions.forEach(function (v) {
        var found = v.segments.filter(function (s) { return s.id === id; })[0];
        row.appendChild(el('td', count(found ? found.customers : 0), 'num'));
      });
      body.appendChild(row);
    });
    $('segments-table-wrap').hidden = false;
  }

  // ---- the customer lookup ----------------------------------------------------------------------------------------

  function lookUp(id) {
    var message = $('lookup-message');
    var serial = ++lookupSerial;
    message.hidden = true;
    $('profile').hidden = true;
    if (!id) { return Promise.resolve(); }
    return get('/v1/customers/' + encodeURIComponent(id)).then(function (answer) {
      if (serial !== lookupSerial) { return; } // a newer lookup was started
      if (!answer.ok) { report(answer, message, 'customer profiles'); return; }
      profile(answer.body);
    });
  }

  function card(field, label, value, detail) {
    var c = el('div', null, 'card');
    c.setAttribute('data-field', field);
    c.appendChild(el('div', label, 'label'));
    c.appendChild(el('div', value, 'value'));
    if (detail) { c.appendChild(el('div', detail, 'detail')); }
    return c;
  }

  function profile(p) {
    var versions = p.model_versions || {};
    $('profile-heading').textContent = 'Customer ' + p.customer_id + ', evaluated at ' + p.evaluated_at + ' (as of ' + p.as_of + ')';
    var cards = $('profile-cards');
    clear(cards);
    cards.appendChild(card('recency_days', 'Recency', p.recency_days === null ? '–' : count(p.recency_days) + ' days',
      p.last_purchase_at ? 'last purchase ' + p.last_purchase_at.slice(0, 10) : 'no purchase yet'));
    cards.appendChild(card('frequency', 'Frequency', count(p.frequency), 'orders with a purchase'));
    cards.appendChild(card('monetary', 'Monetary', money(p.monetary), 'purchases net of returns'));
    cards.appendChild(card('rfm_segment', 'RFM segment', p.rfm_segment || '–',
      p.rfm_scores ? 'R ' + p.rfm_scores[0] + ' · F ' + p.rfm_scores[1] + ' · M ' + p.rfm_scores[2]
        : versions.segmentation === undefined ? 'no segmentation yet: clientele segment makes one' : 'no purchase to score'));
    cards.appendChild(card('cluster', 'Cluster', p.cluster === null ? '–' : p.cluster,
      p.cluster === null ? (versions.segmentation === undefined ? 'no segmentation yet' : 'no classifier for this segmentation')
        : 'probability ' + percent(p.cluster_probability)));
    var noValue = versions.value === undefined ? 'no value model yet: clientele value makes one' : null;
    cards.appendChild(card('p_alive', 'P(alive)', percent(p.p_alive), noValue || 'still buying, by the transaction model'));
    cards.appendChild(card('expected_purchases', 'Expected purchases', fixed(p.expected_purchases, 2),
      noValue || 'over the next ' + p.value_horizon_days + ' days'));
    cards.appendChild(card('clv', 'CLV', money(p.clv), noValue || 'over the next ' + p.value_horizon_days + ' days, discounted'));
    cards.appendChild(card('churn_risk', 'Churn risk', percent(p.churn_risk),
      noValue || (p.churn_risk === null ? 'the churn model is not usable' : 'no purchase in the next ' + p.churn_horizon_days + ' days')));
    var s = p.sentiment;
    cards.appendChild(card('sentiment', 'Reviews', s ? fixed(s.mean_rating, 1) + ' of 5' : '–',
      !s ? 'no reviews' : count(s.reviews) + ' reviews' + (s.judged ? '; texts ' + count(s.positive) + ' positive, ' + count(s.negative) + ' negative' : '')));

    var tags = $('profile-tags');
    clear(tags);
    (p.tags || []).forEach(function (tag) { tags.appendChild(el('li', tag)); });
    if (!(p.tags || []).length) { tags.appendChild(el('li', 'none')); }

    var dl = $('profile-versions');
    clear(dl);
    Object.keys(versions).sort().forEach(function (kind) {
      var item = el('div');
      item.setAttribute('data-kind', kind);
      item.appendChild(el('dt', kind));
      item.appendChild(el('dd', 'version ' + versions[kind]));
      dl.appendChild(item);
    });
    if (!Object.keys(versions).length) { dl.appendChild(el('dd', 'No models yet: clientele refresh fits them.')); }

    recommendations(p.recommendations, versions.recommender !== undefined);
    explanations(p.explanations || {});
    $('profile').hidden = false;
  }

  function recommendations(items, hasRecommender) {
    var table = $('recommendations');
    var body = $('recommendations-body');
    var message = $('recommendations-message');
    clear(body);
    message.hidden = true;
    table.hidden = !items.length;
    if (!items.length) {
      show(message, hasRecommender ? 'The recommender has nothing for this customer (the reasons are under Why).' : 'No recommender yet: clientele recommend makes one.');
      return;
    }
    items.forEach(function (r, i) {
      var row = el('tr');
      row.setAttribute('data-product', r.product_id);
      row.appendChild(el('td', i + 1, 'num'));
      row.appendChild(el('td', r.product_id));
      row.appendChild(el('td', fixed(r.score, 3), 'num'));
      row.appendChild(el('td', r.because && r.because.length ? r.because.join(', ') : '–', 'text'));
      body.appendChild(row);
    });
  }

  function explanations(why) {
    var box = $('explanations');
    clear(box);
    [['segment', 'Segment'], ['value', 'Value'], ['recommendations', 'Recommendations'], ['sentiment', 'Reviews'], ['notes', 'Notes']].forEach(function (part) {
      var lines = why[part[0]] || [];
      if (!lines.length) { return; }
      var block = el('div', null, 'block');
      block.setAttribute('data-explanation', part[0]);
      block.appendChild(el('h4', part[1]));
      var list = el('ul');
      lines.forEach(function (line) { list.appendChild(el('li', line)); });
      block.appendChild(list);
      box.appendChild(block);
    });
  }

  // ---- start ------------------------------------------------------------------------------------------------------

  function start(customer) {
    keyGiven();
    var work = [loadSegments()];
    if (customer) {
      $('customer-input').value = customer;
      work.push(lookUp(customer));
    }
    return Promise.all(work);
  }

  document.addEventListener('DOMContentLoaded', function () {
    begin();
    // #key=…&customer=… : take the key, then drop the fragment so that it is neither in the address bar nor in history.
    var fragment = new URLSearchParams(location.hash.slice(1));
    var given = fragment.get('key');
    var customer = fragment.get('customer');
    if (given || customer) { history.replaceState(null, '', location.pathname + location.search); }
    if (given) { sessionStorage.setItem(KEY_ITEM, given); }

    $('key-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var value = $('key-input').value.trim();
      if (!value) { return; }
      sessionStorage.setItem(KEY_ITEM, value);
      $('key-input').value = '';
      start($('customer-input').value.trim());
    });
    $('forget').addEventListener('click', function () {
      sessionStorage.removeItem(KEY_ITEM);
      askForKey('The key is forgotten in this tab.');
    });
    $('lookup-form').addEventListener('submit', function (e) {
      e.preventDefault();
      lookUp($('customer-input').value.trim());
    });

    var ready = key() ? start(customer) : Promise.resolve(askForKey(null));
    ready.then(end, end);
  });
})();
