/*
 * MedSign mobile app, part two (移动签名, /m/): the live inbox (the hub's server-sent events, read with fetch so that
 * the session token travels in the Authorization header, never in a URL), the document preview on the task page, the
 * signer's signature history, and the activation link of the console's QR code (#activate=<staffId>&code=<code>).
 * Loaded before app.js; its functions use app.js's helpers ($, t, call, attempt, when, say, show, refreshInbox) when
 * they run. Every text is in LIVE_TEXTS (zh default, en), merged into app.js's TEXTS.
 */
'use strict';

const LIVE_TEXTS = {
  zh: {
    'live.on': '实时', 'nav.history': '签名记录',
    'preview.title': '文书内容', 'preview.loading': '正在加载文书…', 'preview.truncated': '（内容较长，仅显示前一部分）',
    'preview.pages': '共 {n} 页，显示第 1 页', 'preview.unavailable': '无法预览：{r}',
    'history.title': '签名记录', 'history.empty': '还没有签名记录。', 'history.verify': '验证',
    'history.status.VALID': '有效', 'history.status.CERTIFICATE_REVOKED': '证书已吊销',
    'history.status.CERTIFICATE_FROZEN': '证书已冻结', 'history.status.CERTIFICATE_UNKNOWN': '证书状态未知',
    'history.timestamp': '含时间戳', 'history.noTimestamp': '无时间戳',
    'history.passed': '验证通过：签名、证书链与时间戳均有效。', 'history.failed': '验证未通过：{r}',
    'history.noDocument': '原文已按保留期限清理，仅核验签名值与证书。',
    'activate.fromLink': '已从二维码填入工号和激活码，请设置签名密码。',
    'windows.confirmOnly': '（逐条确认，不适用时段授权）', 'windows.noSystems': '您在各系统中都没有账号。'
  },
  en: {
    'live.on': 'live', 'nav.history': 'History',
    'preview.title': 'Document', 'preview.loading': 'Loading the document…',
    'preview.truncated': '(long document: the beginning is shown)', 'preview.pages': '{n} pages; page 1 shown',
    'preview.unavailable': 'No preview: {r}',
    'history.title': 'Signature history', 'history.empty': 'No signatures yet.', 'history.verify': 'Verify',
    'history.status.VALID': 'Valid', 'history.status.CERTIFICATE_REVOKED': 'Certificate revoked',
    'history.status.CERTIFICATE_FROZEN': 'Certificate frozen', 'history.status.CERTIFICATE_UNKNOWN': 'Certificate status unknown',
    'history.timestamp': 'timestamped', 'history.noTimestamp': 'no timestamp',
    'history.passed': 'Verified: signature, certificate chain and timestamp are valid.',
    'history.failed': 'Not verified: {r}',
    'history.noDocument': 'The document was removed after its retention period; signature and certificate checked.',
    'activate.fromLink': 'Staff id and activation code filled in from the QR code; choose your signing PIN.',
    'windows.confirmOnly': '(confirm each: windows do not apply)', 'windows.noSystems': 'You have no account in any system.'
  }
};

/** Reconnects a dropped stream after this long; meanwhile the inbox is still polled. */
const STREAM_RETRY_MS = 5000;
let stream = null;

// ---- live inbox (server-sent events)

/** Opens the live inbox of the current session (once; a second call keeps the open one). */
function startStream() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (stream || !token || typeof ReadableStream === 'undefined') {
    return;
  }
  const controller = new AbortController();
  stream = controller;
  readStream(controller, token).catch(() => null).then(() => {
    $('live').hidden = true;
    if (stream === controller) {
      stream = null;
      if (!controller.signal.aborted && sessionStorage.getItem(TOKEN_KEY)) {
        setTimeout(startStream, STREAM_RETRY_MS);
      }
    }
  });
}

function stopStream() {
  if (stream) {
    const controller = stream;
    stream = null;
    controller.abort();
  }
  $('live').hidden = true;
}

async function readStream(controller, token) {
  const response = await fetch('/api/v1/m/tasks/stream', {headers: {'Accept': 'text/event-stream',
    'Authorization': 'Bearer ' + token}, credentials: 'omit', cache: 'no-store', signal: controller.signal});
  if (!response.ok || !response.body) {
    if (response.status === 401) {
      stream = null;
      refreshInbox(); // the inbox call ends the session and shows the login
    }
    return;
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const {value, done} = await reader.read();
    if (done) {
      return;
    }
    buffer += decoder.decode(value, {stream: true}).replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      onStreamEvent(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
    }
  }
}

/** One event of the stream: ready (connected), task (a task of mine changed), end (the session ended). */
function onStreamEvent(block) {
  let name = 'message';
  block.split('\n').forEach(line => {
    if (line.startsWith('event:')) {
      name = line.slice(6).trim();
    }
  });
  if (name === 'ready') {
    $('live').hidden = false;
  } else if (name === 'task') {
    refreshInbox();
  } else if (name === 'end') {
    stopStream();
    refreshInbox();
  }
}

// ---- document preview on the task page

async function loadPreview(taskId) {
  ['preview-text', 'preview-image', 'preview-page', 'preview-note'].forEach(id => { $(id).hidden = true; });
  $('preview-loading').hidden = false;
  try {
    const preview = await call('GET', '/api/v1/m/tasks/' + encodeURIComponent(taskId) + '/preview');
    if (!currentTask || String(currentTask.id) !== String(taskId)) {
      return;
    }
    const kind = String(preview.kind || '').toLowerCase();
    if (kind === 'text') {
      $('preview-text').textContent = preview.text || '';
      $('preview-text').hidden = false;
      note(preview.truncated ? t('preview.truncated') : null);
    } else if (kind === 'image' && /^data:image\/(png|jpeg);base64,/.test(preview.image || '')) {
      $('preview-image').src = preview.image;
      $('preview-image').hidden = false;
    } else if (kind === 'pdf' && /^data:image\/png;base64,/.test(preview.page || '')) {
      $('preview-page').src = preview.page;
      $('preview-page').hidden = false;
      note(t('preview.pages', {n: preview.pages}));
    } else {
      note(t('preview.unavailable', {r: preview.reason || kind}));
    }
  } catch (problem) {
    note(t('preview.unavailable', {r: problem.code || ''}));
  } finally {
    $('preview-loading').hidden = true;
  }
}

function note(text) {
  $('preview-note').textContent = text || '';
  $('preview-note').hidden = !text;
}

// ---- signature history

async function loadHistory() {
  await attempt(async () => {
    const entries = await call('GET', '/api/v1/m/history?limit=100');
    $('history').replaceChildren(...entries.map(entry => {
      const item = document.createElement('li');
      item.className = 'history';
      item.dataset.signatureId = entry.signatureId;
      const text = document.createElement('span');
      const title = document.createElement('strong');
      title.textContent = (entry.documentId || entry.requestId) + ' · ' + entry.system;
      const meta = document.createElement('span');
      meta.className = 'meta';
      meta.textContent = when(entry.signedAt) + ' · ' + t(entry.timestamp ? 'history.timestamp' : 'history.noTimestamp');
      const status = document.createElement('span');
      status.className = 'status status-' + String(entry.status).toLowerCase();
      status.textContent = t('history.status.' + entry.status);
      text.append(title, meta, status);
      const verify = document.createElement('button');
      verify.type = 'button';
      verify.className = 'history-verify';
      verify.textContent = t('history.verify');
      verify.addEventListener('click', () => verifySignature(entry.signatureId));
      item.append(text, verify);
      return item;
    }));
    $('history-empty').hidden = entries.length > 0;
  });
}

async function verifySignature(signatureId) {
  quiet();
  await attempt(async () => {
    const detail = await call('GET', '/api/v1/m/history/' + encodeURIComponent(signatureId));
    const verdict = detail.verification || {};
    const passed = verdict.valid === true;
    let text = passed ? t('history.passed') : t('history.failed', {r: verdict.reason || verdict.indication || ''});
    if (!detail.documentAvailable) {
      text += ' ' + t('history.noDocument');
    }
    $('history-detail').textContent = text;
    $('history-detail').className = passed ? 'verdict ok' : 'verdict bad';
    $('history-detail').dataset.signatureId = signatureId;
    $('history-detail').hidden = false;
  });
}

// ---- the console's activation QR code: /m/#activate=<staffId>&code=<code>

/** Fills the activation form from the link and removes it from the address bar; true when there was one. */
function takeActivationLink() {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const staffId = fragment.get('activate');
  const code = fragment.get('code');
  if (!fragment.has('activate')) {
    return false;
  }
  history.replaceState(null, '', location.pathname + location.search);
  if (!staffId || !code || staffId.length > 32 || code.length > 32) {
    return false;
  }
  $('act-staffId').value = staffId;
  $('act-code').value = code;
  return true;
}
