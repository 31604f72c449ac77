/*
 * MedSign mobile signing app (移动签名, /m/). Plain script, no build step, nothing loaded from elsewhere (CSP
 * default-src 'self'). Every text shown is in TEXTS below (zh default, en). The session token lives only in
 * sessionStorage and travels only in the Authorization header; PINs are never kept, logged or put into a URL.
 * Collaborative keys (协同签名, issue #14): with collab.js (window.MedsignCollab) loaded, activation generates the
 * key jointly with the hub and keeps only the device share, sealed under the PIN and the hub's pepper, in
 * localStorage; confirming a task then runs the signing round, and a signing window hands the share to the hub.
 */
'use strict';

const TEXTS = {
  zh: {
    'brand': '移动签名', 'lang.other': 'English',
    'field.staffId': '工号', 'field.pin': '签名密码', 'field.code': '激活码',
    'field.newPin': '设置签名密码', 'field.newPin2': '再次输入签名密码',
    'login.title': '登录', 'login.submit': '登录', 'login.first': '首次使用？', 'login.activate': '用激活码激活',
    'activate.title': '激活', 'activate.submit': '激活', 'activate.back': '返回登录',
    'activate.hint': '请输入安全管理员发给您的一次性激活码，并设置签名密码（6–16 位，不能全部相同或连续）。',
    'activate.done': '激活成功，请用新设置的签名密码登录。', 'activate.mismatch': '两次输入的签名密码不一致。',
    'activate.keygen': '正在与平台协同生成签名密钥…', 'activate.sealing': '正在用签名密码加密保存本机密钥，请稍候…',
    'cosign.working': '正在协同签名，请稍候…', 'pin.window': '输入签名密码以开启授权',
    'renewal.prompt': '您的协同签名证书需要更新', 'renewal.start': '立即更新',
    'renewal.hint': '证书续期需要本机参与：输入签名密码后，本机与平台重新协同生成签名密钥，新证书替换旧证书。',
    'pin.renewal': '输入签名密码以更新证书', 'renewal.keygen': '正在与平台协同生成新的签名密钥…',
    'renewal.done': '协同签名证书已更新。',
    'error.COLLAB_ROUND_REQUIRED': '本机未保存协同密钥，请重新激活。',
    'error.DEVICE_NOT_ACTIVATED': '您还没有协同签名密钥，请用激活码激活。',
    'error.DEVICE_SHARE_LOCKED': '本机保存的协同密钥无法用当前签名密码解开，请重新激活。',
    'error.COLLAB_MESSAGE_INVALID': '协同签名未完成（消息无效或已过期），请重试。',
    'error.COLLAB_FAILED': '协同签名校验失败，未签署任何内容，请重试。',
    'error.KEYGEN_FAILED': '协同密钥生成失败，请联系安全管理员重新获取激活码。',
    'inbox.title': '待签任务', 'inbox.selectAll': '全选', 'inbox.batch': '一键批量签名',
    'inbox.empty': '没有待签任务。', 'inbox.open': '查看',
    'nav.windows': '时段授权', 'nav.lost': '手机挂失', 'nav.logout': '退出', 'nav.back': '‹ 返回',
    'task.system': '系统', 'task.created': '创建时间', 'task.expires': '截止时间',
    'task.confirm': '确认签名', 'task.reason': '拒签原因', 'task.reject': '拒绝签名',
    'hand.title': '手写签名', 'hand.hint': '此文书需要您的手写签名：请在下方书写，再确认签名。', 'hand.clear': '重写',
    'hand.missing': '请先在签名区手写签名。', 'hand.badge': '需手写',
    'error.HANDWRITING_REQUIRED': '此文书需要手写签名，请逐项打开签署。', 'error.HANDWRITING_INVALID': '手写签名无效，请重写。',
    'task.confirmed': '已签名。', 'task.rejected': '已拒签。', 'task.reasonMissing': '请填写拒签原因。',
    'batch.confirmed': '已签名 {n} 项。',
    'pin.one': '输入签名密码以确认签名', 'pin.batch': '输入签名密码，一次确认 {n} 项', 'pin.ok': '确定',
    'pin.cancel': '取消',
    'windows.title': '时段授权', 'windows.systems': '系统', 'windows.hours': '时长', 'windows.open': '开启授权',
    'windows.scenario': '文书场景（可选，留空为全部场景）',
    'windows.inForce': '生效中的授权', 'windows.empty': '没有生效中的授权。', 'windows.close': '关闭',
    'windows.hint': '在所选时段内，所选系统可直接以您的名义签名，无需逐条确认。',
    'windows.until': '至 {t}', 'windows.allScenarios': '全部文书', 'windows.opened': '授权已开启。',
    'windows.closed': '授权已关闭。', 'windows.noSystem': '请至少选择一个系统。',
    'hours.1': '1 小时', 'hours.n': '{n} 小时', 'days.n': '{n} 天',
    'lost.title': '手机挂失', 'lost.yes': '确认挂失', 'lost.no': '取消',
    'lost.text': '挂失后，您在所有手机上的登录和所有时段授权将立即结束。签名密码不变，换新手机后可直接登录。',
    'lost.done': '已挂失：结束登录 {s} 个，关闭授权 {w} 项。',
    'logout.done': '已退出。',
    'error.PIN_WRONG': '签名密码错误。', 'error.PIN_LOCKED': '签名密码已锁定，请联系安全管理员解锁。',
    'error.PIN_MISSING': '请输入签名密码。', 'error.PIN_TOO_WEAK': '签名密码太简单：需 6–16 位，不能全部相同或连续。',
    'error.PIN_NOT_SET': '尚未激活，请先用激活码激活。', 'error.PIN_THROTTLED': '尝试过于频繁，请稍后再试。',
    'error.STAFF_UNKNOWN': '工号不存在。', 'error.TASK_NOT_PENDING': '该任务已处理或已过期。',
    'error.TASK_UNKNOWN': '任务不存在。', 'error.APP_SESSION_INVALID': '登录已失效，请重新登录。',
    'error.ACTIVATION_CODE_INVALID': '激活码无效、已使用或已过期。',
    'error.AUTHENTICATION_LOCKED_OUT': '尝试次数过多，请稍后再试。',
    'error.WINDOW_INVALID': '授权设置无效：请选择您有账号的系统，时长 1 小时至 30 天。',
    'error.WINDOW_UNKNOWN': '该授权不存在或已结束。', 'error.INVALID_REQUEST': '请求不完整，请检查输入。',
    'error.ORIGIN_REFUSED': '请求被拒绝。', 'error.network': '网络错误，请稍后重试。',
    'error.other': '操作失败（{code}）。',
    'lc.title': '扫码登录', 'lc.system': '系统', 'lc.account': '账号', 'lc.expires': '有效期至',
    'lc.question': '{system} 请求以您的身份登录', 'lc.confirm': '确认登录', 'lc.cancel': '取消',
    'lc.hint': '确认后，平台用您的签名证书签署本次登录，该系统将以您的身份登录。如非本人操作，请点“取消”。',
    'lc.noAccount': '（无账号）', 'pin.login': '输入签名密码以确认登录', 'lc.confirmed': '已确认登录，请回到电脑继续。',
    'lc.cancelled': '已取消登录。',
    'error.LOGIN_CHALLENGE_UNKNOWN': '登录二维码无效。', 'error.LOGIN_CHALLENGE_EXPIRED': '登录二维码已过期，请在电脑上刷新。',
    'error.LOGIN_CHALLENGE_USED': '该登录二维码已确认过。',
    'error.LOGIN_CHALLENGE_NO_ACCOUNT': '您在该系统中没有账号，不能扫码登录。',
    'error.SIGNER_CERTIFICATE_FROZEN': '您的签名证书已冻结。', 'error.SIGNER_CERTIFICATE_REVOKED': '您的签名证书已吊销。',
    'error.SIGNER_CERTIFICATE_EXPIRED': '您的签名证书已过期。', 'error.SIGNER_NO_CERTIFICATE': '您没有签名证书。'
  },
  en: {
    'brand': 'Mobile signing', 'lang.other': '中文',
    'field.staffId': 'Staff id', 'field.pin': 'Signing PIN', 'field.code': 'Activation code',
    'field.newPin': 'Choose a signing PIN', 'field.newPin2': 'Repeat the signing PIN',
    'login.title': 'Log in', 'login.submit': 'Log in', 'login.first': 'First time?',
    'login.activate': 'Activate with a code',
    'activate.title': 'Activate', 'activate.submit': 'Activate', 'activate.back': 'Back to login',
    'activate.hint': 'Enter the one-time activation code from the security administrator and choose your signing '
      + 'PIN (6–16 characters, not all the same, not a run).',
    'activate.done': 'Activated. Log in with your new signing PIN.', 'activate.mismatch': 'The two PINs differ.',
    'activate.keygen': 'Generating your signing key together with the hub…',
    'activate.sealing': 'Encrypting the key share on this phone with your PIN; please wait…',
    'cosign.working': 'Signing together with the hub; please wait…', 'pin.window': 'Enter your signing PIN to open the window',
    'renewal.prompt': 'Your collaborative signing certificate needs renewing', 'renewal.start': 'Renew now',
    'renewal.hint': 'Renewal needs this phone: after your signing PIN, the phone and the hub generate a new signing key '
      + 'together, and its new certificate replaces the old one.',
    'pin.renewal': 'Enter your signing PIN to renew the certificate',
    'renewal.keygen': 'Generating your new signing key together with the hub…',
    'renewal.done': 'Your collaborative signing certificate has been renewed.',
    'error.COLLAB_ROUND_REQUIRED': 'This phone holds no collaborative key; activate it again.',
    'error.DEVICE_NOT_ACTIVATED': 'You have no collaborative key yet; activate with your code.',
    'error.DEVICE_SHARE_LOCKED': 'The key saved on this phone does not open with your current PIN; activate again.',
    'error.COLLAB_MESSAGE_INVALID': 'Collaborative signing did not complete (message refused or expired); try again.',
    'error.COLLAB_FAILED': 'The collaborative signature did not check out; nothing was signed. Try again.',
    'error.KEYGEN_FAILED': 'Key generation failed; ask the security administrator for a new activation code.',
    'inbox.title': 'Pending tasks', 'inbox.selectAll': 'All', 'inbox.batch': 'Sign selected',
    'inbox.empty': 'Nothing to sign.', 'inbox.open': 'Open',
    'nav.windows': 'Signing windows', 'nav.lost': 'Phone lost', 'nav.logout': 'Log out', 'nav.back': '‹ Back',
    'task.system': 'System', 'task.created': 'Created', 'task.expires': 'Expires',
    'task.confirm': 'Sign', 'task.reason': 'Reason for rejecting', 'task.reject': 'Reject',
    'hand.title': 'Handwritten signature',
    'hand.hint': 'This document needs your handwritten signature: write it below, then sign.', 'hand.clear': 'Clear',
    'hand.missing': 'Write your signature in the box first.', 'hand.badge': 'handwriting',
    'error.HANDWRITING_REQUIRED': 'This document needs your handwriting: open it and sign it on its own.',
    'error.HANDWRITING_INVALID': 'The handwriting is not usable; write it again.',
    'task.confirmed': 'Signed.', 'task.rejected': 'Rejected.', 'task.reasonMissing': 'Give a reason to reject.',
    'batch.confirmed': '{n} signed.',
    'pin.one': 'Enter your signing PIN to sign', 'pin.batch': 'Enter your signing PIN to sign {n} tasks',
    'pin.ok': 'OK', 'pin.cancel': 'Cancel',
    'windows.title': 'Signing windows', 'windows.systems': 'Systems', 'windows.hours': 'For',
    'windows.scenario': 'Document scenario (optional; empty: all scenarios)',
    'windows.open': 'Open window', 'windows.inForce': 'Windows in force', 'windows.empty': 'No window open.',
    'windows.close': 'Close',
    'windows.hint': 'While a window is open, the chosen systems sign in your name without asking you.',
    'windows.until': 'until {t}', 'windows.allScenarios': 'all documents', 'windows.opened': 'Window opened.',
    'windows.closed': 'Window closed.', 'windows.noSystem': 'Choose at least one system.',
    'hours.1': '1 hour', 'hours.n': '{n} hours', 'days.n': '{n} days',
    'lost.title': 'Report phone lost', 'lost.yes': 'Report lost', 'lost.no': 'Cancel',
    'lost.text': 'Every login on every phone and every signing window of yours ends at once. Your PIN stays; '
      + 'log in on the new phone with it.',
    'lost.done': 'Reported lost: {s} logins ended, {w} windows closed.',
    'logout.done': 'Logged out.',
    'error.PIN_WRONG': 'Wrong signing PIN.', 'error.PIN_LOCKED': 'Signing PIN locked; ask the security administrator.',
    'error.PIN_MISSING': 'Enter your signing PIN.',
    'error.PIN_TOO_WEAK': 'PIN too weak: 6–16 characters, not all the same, not a run.',
    'error.PIN_NOT_SET': 'Not activated yet: activate with your code first.',
    'error.PIN_THROTTLED': 'Too many attempts; try again later.', 'error.STAFF_UNKNOWN': 'Unknown staff id.',
    'error.TASK_NOT_PENDING': 'This task is decided or expired.', 'error.TASK_UNKNOWN': 'No such task.',
    'error.APP_SESSION_INVALID': 'Your session ended; log in again.',
    'error.ACTIVATION_CODE_INVALID': 'Activation code wrong, used or expired.',
    'error.AUTHENTICATION_LOCKED_OUT': 'Too many attempts; try again later.',
    'error.WINDOW_INVALID': 'Window not valid: choose systems you have an account in, 1 hour to 30 days.',
    'error.WINDOW_UNKNOWN': 'No such window, or it has ended.',
    'error.INVALID_REQUEST': 'Incomplete request; check your input.', 'error.ORIGIN_REFUSED': 'Request refused.',
    'error.network': 'Network error; try again.', 'error.other': 'Failed ({code}).',
    'lc.title': 'Scan to log in', 'lc.system': 'System', 'lc.account': 'Account', 'lc.expires': 'Valid until',
    'lc.question': '{system} asks to log you in', 'lc.confirm': 'Log in', 'lc.cancel': 'Cancel',
    'lc.hint': 'The hub signs this login with your signing certificate and the system logs you in. '
      + 'If you did not ask for it, cancel.',
    'lc.noAccount': '(no account)', 'pin.login': 'Enter your signing PIN to log in',
    'lc.confirmed': 'Login confirmed; continue on the computer.', 'lc.cancelled': 'Login cancelled.',
    'error.LOGIN_CHALLENGE_UNKNOWN': 'This login QR code is not valid.',
    'error.LOGIN_CHALLENGE_EXPIRED': 'This login QR code has expired; refresh it on the computer.',
    'error.LOGIN_CHALLENGE_USED': 'This login QR code was confirmed already.',
    'error.LOGIN_CHALLENGE_NO_ACCOUNT': 'You have no account in this system.',
    'error.SIGNER_CERTIFICATE_FROZEN': 'Your signing certificate is frozen.',
    'error.SIGNER_CERTIFICATE_REVOKED': 'Your signing certificate is revoked.',
    'error.SIGNER_CERTIFICATE_EXPIRED': 'Your signing certificate has expired.',
    'error.SIGNER_NO_CERTIFICATE': 'You have no signing certificate.'
  }
};

// the texts of live.js (live inbox, previews, history), loaded before this file
Object.keys(LIVE_TEXTS).forEach(language => Object.assign(TEXTS[language], LIVE_TEXTS[language]));

const HOURS = [1, 2, 4, 8, 12, 24, 72, 168, 720];
/** The inbox is also polled, in case the live stream (live.js) is down or behind a proxy that buffers it. */
const POLL_MS = 15000;
const TOKEN_KEY = 'medsign.m.token';
const STAFF_KEY = 'medsign.m.staffId';
const LANG_KEY = 'medsign.m.lang';
/** The staff id this tab is logged in as (sessionStorage: another tab may log in as someone else). */
const WHO_KEY = 'medsign.m.who';
/** A scanned link (QR code) waiting for the login: {kind: 'task'|'login', id}; kept for the tab only. */
const LINK_KEY = 'medsign.m.link';
/** Set for this tab when the hub said at login that the collaborative key waits for this device to renew it. */
const RENEWAL_KEY = 'medsign.m.renewal';
const TASK_ID = /^[0-9]{1,18}$/;
const CHALLENGE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let lang = chooseLanguage();
let poller = null;
let pinAction = null;
let currentTask = null;
let currentChallenge = null;
let pad = null;
const selected = new Set();

function chooseLanguage() {
  const chosen = localStorage.getItem(LANG_KEY);
  if (chosen === 'zh' || chosen === 'en') {
    return chosen;
  }
  return (navigator.language || 'zh').toLowerCase().startsWith('en') ? 'en' : 'zh';
}

function t(key, values) {
  let text = TEXTS[lang][key] ?? TEXTS.zh[key] ?? key;
  for (const [name, value] of Object.entries(values || {})) {
    text = text.replace('{' + name + '}', value);
  }
  return text;
}

function $(id) {
  return document.getElementById(id);
}

function applyTexts() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.querySelectorAll('[data-t]').forEach(el => { el.textContent = t(el.dataset.t); });
  $('lang').textContent = t('lang.other');
  document.title = 'MedSign ' + t('brand');
  fillHours();
}

function when(iso) {
  if (!iso) {
    return '';
  }
  const d = new Date(iso);
  const two = n => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()) + ' ' + two(d.getHours()) + ':'
    + two(d.getMinutes());
}

// ---- messages

function say(text, kind) {
  const box = $('message');
  box.textContent = text;
  box.className = 'message ' + (kind || 'info');
  box.hidden = false;
}

function quiet() {
  $('message').hidden = true;
}

function errorText(problem) {
  const code = problem && problem.code;
  return code && TEXTS.zh['error.' + code] ? t('error.' + code) : t('error.other', {code: code || problem.status});
}

// ---- the API

class Problem extends Error {
  constructor(code, status) {
    super(code);
    this.code = code;
    this.status = status;
  }
}

async function call(method, path, body) {
  const headers = {'Content-Type': 'application/json', 'Accept': 'application/json'};
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) {
    headers['Authorization'] = 'Bearer ' + token;
  }
  let response;
  try {
    response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', cache: 'no-store'});
  } catch (e) {
    throw new Problem('network', 0);
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const problem = new Problem(data && data.code || 'HTTP_' + response.status, response.status);
    if (problem.code === 'APP_SESSION_INVALID') {
      endSession();
      show('login');
      say(t('error.APP_SESSION_INVALID'), 'error');
    }
    throw problem;
  }
  return data;
}

/** Runs an action; its problem, if any, is shown (a lost session has already sent the user to login). */
async function attempt(action) {
  try {
    await action();
  } catch (problem) {
    if (problem instanceof Problem) {
      if (problem.code !== 'APP_SESSION_INVALID') {
        say(problem.code === 'network' ? t('error.network') : errorText(problem), 'error');
      }
    } else {
      throw problem;
    }
  }
}

function endSession() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(WHO_KEY);
  sessionStorage.removeItem(RENEWAL_KEY);
  stopPolling();
  stopStream();
  selected.clear();
  $('who').textContent = '';
}

// ---- pages

function show(page) {
  document.querySelectorAll('.page').forEach(p => { p.hidden = p.id !== 'page-' + page; });
  closePinDialog();
  if (page === 'inbox') {
    showRenewal();
    startPolling();
  } else {
    stopPolling();
  }
}

function startPolling() {
  stopPolling();
  startStream();
  refreshInbox();
  poller = setInterval(refreshInbox, POLL_MS);
}

function stopPolling() {
  if (poller) {
    clearInterval(poller);
    poller = null;
  }
}

async function refreshInbox() {
  await attempt(async () => {
    renderTasks(await call('GET', '/api/v1/m/tasks'));
  });
}

function renderTasks(tasks) {
  const list = $('tasks');
  const ids = new Set(tasks.map(task => task.id));
  [...selected].forEach(id => { if (!ids.has(id)) { selected.delete(id); } });
  list.replaceChildren(...tasks.map(task => {
    const item = document.createElement('li');
    item.className = 'task';
    item.dataset.taskId = task.id;
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.className = 'task-select';
    box.checked = selected.has(task.id);
    box.addEventListener('change', () => {
      if (box.checked) { selected.add(task.id); } else { selected.delete(task.id); }
      updateBatch(tasks.filter(other => !other.handwriting).length);
    });
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'task-open';
    const title = document.createElement('strong');
    title.textContent = task.title;
    const meta = document.createElement('span');
    meta.className = 'meta';
    meta.textContent = task.system + ' · ' + when(task.createdAt) + ' → ' + when(task.expiresAt);
    open.append(title, meta);
    if (task.handwriting) {
      // a handwriting belongs to one document: such a task is signed on its own page, never in a batch
      box.disabled = true;
      box.checked = false;
      selected.delete(task.id);
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = t('hand.badge');
      open.append(badge);
    }
    open.addEventListener('click', () => openTask(task.id));
    item.append(box, open);
    return item;
  }));
  $('tasks-empty').hidden = tasks.length > 0;
  updateBatch(tasks.filter(task => !task.handwriting).length);
}

function updateBatch(total) {
  $('batch-confirm').disabled = selected.size === 0;
  $('select-all').checked = total > 0 && selected.size === total;
}

async function openTask(id) {
  quiet();
  await attempt(async () => {
    const task = await call('GET', '/api/v1/m/tasks/' + encodeURIComponent(id));
    currentTask = task;
    $('task-title').textContent = task.title;
    $('task-system').textContent = task.system;
    $('task-created').textContent = when(task.createdAt);
    $('task-expires').textContent = when(task.expiresAt);
    $('reject-reason').value = '';
    $('handwriting-box').hidden = !task.handwriting;
    if (task.handwriting) {
      pad.clear();
    }
    show('task');
    loadPreview(task.id);
  });
}

async function loadWindows() {
  await attempt(async () => {
    const answer = await call('GET', '/api/v1/m/windows');
    $('windows').replaceChildren(...answer.windows.map(w => {
      const item = document.createElement('li');
      item.className = 'window';
      item.dataset.windowId = w.id;
      const text = document.createElement('span');
      text.textContent = w.system + ' · ' + (w.scenario || t('windows.allScenarios')) + ' · '
        + t('windows.until', {t: when(w.validUntil)});
      const close = document.createElement('button');
      close.type = 'button';
      close.className = 'window-close';
      close.textContent = t('windows.close');
      close.addEventListener('click', () => attempt(async () => {
        await call('DELETE', '/api/v1/m/windows/' + encodeURIComponent(w.id));
        say(t('windows.closed'), 'info');
        await loadWindows();
      }));
      item.append(text, close);
      return item;
    }));
    $('windows-empty').hidden = answer.windows.length > 0;
  });
}

/** The systems offered for windows: those the signer has an account in; under "confirm" a window does not apply. */
async function loadSystems() {
  await attempt(async () => fillSystems(await call('GET', '/api/v1/m/systems')));
}

function fillSystems(systems) {
  $('window-systems').querySelectorAll('label, p').forEach(l => l.remove());
  systems.forEach(entry => {
    const label = document.createElement('label');
    label.className = 'check';
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.name = 'system';
    box.value = entry.system;
    box.id = 'window-system-' + entry.system;
    box.disabled = entry.policy === 'confirm';
    label.append(box, document.createTextNode(' ' + entry.system
      + (box.disabled ? ' ' + t('windows.confirmOnly') : '')));
    $('window-systems').append(label);
  });
  if (systems.length === 0) {
    const none = document.createElement('p');
    none.className = 'hint';
    none.textContent = t('windows.noSystems');
    $('window-systems').append(none);
  }
}

function fillHours() {
  const select = $('window-hours');
  const chosen = select.value || '8';
  select.replaceChildren(...HOURS.map(h => {
    const option = document.createElement('option');
    option.value = h;
    option.textContent = h === 1 ? t('hours.1') : h % 24 === 0 && h >= 72 ? t('days.n', {n: h / 24})
      : t('hours.n', {n: h});
    return option;
  }));
  select.value = chosen;
}

// ---- QR links (scan-to-sign ?task=<id>, scan-to-login ?login=<id>)

/** Takes a scanned link off the address bar (kept for this tab until used), ignoring anything malformed. */
function takeLink() {
  const query = new URLSearchParams(location.search);
  let link = null;
  if (TASK_ID.test(query.get('task') || '')) {
    link = {kind: 'task', id: query.get('task')};
  } else if (CHALLENGE_ID.test(query.get('login') || '')) {
    link = {kind: 'login', id: query.get('login')};
  }
  if (query.has('task') || query.has('login')) {
    history.replaceState(null, '', location.pathname);
  }
  if (link) {
    sessionStorage.setItem(LINK_KEY, JSON.stringify(link));
  }
}

/** After login (or with a live session): the scanned task or login challenge, else the inbox. */
async function landing() {
  const stored = sessionStorage.getItem(LINK_KEY);
  sessionStorage.removeItem(LINK_KEY);
  show('inbox');
  let link = null;
  try {
    link = stored ? JSON.parse(stored) : null;
  } catch (e) {
    link = null;
  }
  if (link && link.kind === 'task' && TASK_ID.test(link.id)) {
    await openTask(link.id);
  } else if (link && link.kind === 'login' && CHALLENGE_ID.test(link.id)) {
    await openChallenge(link.id);
  }
  if (link && !sessionStorage.getItem(TOKEN_KEY)) {
    sessionStorage.setItem(LINK_KEY, stored); // the session had ended: the link waits for the next login
  }
}

async function openChallenge(id) {
  quiet();
  await attempt(async () => {
    const prompt = await call('GET', '/api/v1/m/login-challenges/' + encodeURIComponent(id));
    currentChallenge = prompt;
    $('lc-question').textContent = t('lc.question', {system: prompt.system});
    $('lc-system').textContent = prompt.system;
    $('lc-account').textContent = prompt.account || t('lc.noAccount');
    $('lc-expires').textContent = when(prompt.expiresAt);
    const refusal = !prompt.account ? 'LOGIN_CHALLENGE_NO_ACCOUNT' : prompt.status === 'EXPIRED'
      ? 'LOGIN_CHALLENGE_EXPIRED' : prompt.status === 'CONFIRMED' ? 'LOGIN_CHALLENGE_USED' : null;
    $('lc-confirm').hidden = refusal !== null;
    show('login-challenge');
    if (refusal) {
      say(t('error.' + refusal), 'error');
    }
  });
}

// ---- collaborative key (协同签名): the device share, sealed under the PIN and the hub's pepper

/** localStorage key prefix of a signer's sealed share: {sealed: base64 (150 bytes), publicKey: hex, serial}. */
const DEVICE_PREFIX = 'medsign.device.';
/** collab.js signs with the default SM2 signer ID; a round naming another is refused before anything is sent. */
const DEFAULT_SIGNER_ID = '1234567812345678';

/** collab.js (window.MedsignCollab) when it loaded and the browser has a secure random source, else null. */
function collab() {
  const api = window.MedsignCollab;
  return api && typeof api.createClient === 'function' && window.crypto
    && typeof window.crypto.getRandomValues === 'function' ? api : null;
}

function toBase64(bytes) {
  let binary = '';
  bytes.forEach(b => { binary += String.fromCharCode(b); });
  return btoa(binary);
}

function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

/** The sealed share this phone keeps for the signer, or null (none, unreadable, or no collab.js). */
function storedShare(staffId) {
  if (!staffId || !collab()) {
    return null;
  }
  try {
    const entry = JSON.parse(localStorage.getItem(DEVICE_PREFIX + staffId) || 'null');
    return entry && typeof entry.sealed === 'string' ? entry : null;
  } catch (e) {
    return null;
  }
}

function forgetShare(staffId) {
  localStorage.removeItem(DEVICE_PREFIX + staffId);
}

/** The signer logged in on this tab. */
function currentStaff() {
  return sessionStorage.getItem(WHO_KEY) || localStorage.getItem(STAFF_KEY);
}

/** Resolves once the browser has painted, so that a progress text shows before a long computation (PBKDF2, ~2 s). */
function painted() {
  return new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/** Runs a collab.js step; whatever it refuses (a message, a seal, a signature) becomes the problem `code`. */
function collabStep(code, step) {
  try {
    return step();
  } catch (e) {
    throw new Problem(code, 0);
  }
}

/**
 * Activates this phone. With collab.js: a joint key generation with the hub (/device/activate), whose device share
 * is sealed under the PIN and the pepper and kept in localStorage (the hub's certificate of the joint key supersedes
 * the hub-held one). Without it (an old browser): the plain activation; the hub then holds the key.
 */
async function activatePhone(staffId, code, pin) {
  const api = collab();
  if (!api) {
    await call('POST', '/api/v1/m/activate', {staffId, code, pin});
    return;
  }
  say(t('activate.keygen'), 'info');
  const keygen = api.createClient().startKeygen();
  const answer = await call('POST', '/api/v1/m/device/activate',
    {staffId, code, pin, keygen: toBase64(keygen.request())});
  // the code is spent now: a refused answer cannot be retried with it
  const share = collabStep('KEYGEN_FAILED', () => keygen.finish(fromBase64(answer.keygen)));
  if (!carries(answer.certificate, share.publicKey)) {
    throw new Problem('KEYGEN_FAILED', 0);
  }
  say(t('activate.sealing'), 'info');
  await painted();
  const sealed = collabStep('KEYGEN_FAILED', () => api.sealShare(share, pin, fromBase64(answer.pepper)));
  localStorage.setItem(DEVICE_PREFIX + answer.staffId, JSON.stringify({sealed: toBase64(sealed),
    publicKey: api.toHex(share.publicKey), serial: answer.serial}));
}

/** Whether the PEM certificate's DER holds the public key (its SubjectPublicKeyInfo's bit string) verbatim. */
function carries(pem, publicKey) {
  const der = fromBase64(String(pem).replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''));
  outer: for (let i = 0; i + publicKey.length <= der.length; i++) {
    for (let j = 0; j < publicKey.length; j++) {
      if (der[i + j] !== publicKey[j]) {
        continue outer;
      }
    }
    return true;
  }
  return false;
}

/** Opens the stored share with the PIN and the hub's pepper; a seal that does not open is the problem `refused`. */
async function openStoredShare(entry, pin, refused) {
  const pepper = await call('GET', '/api/v1/m/device/pepper');
  pinProgress(t('cosign.working'));
  await painted();
  return collabStep(refused, () => collab().openShare(fromBase64(entry.sealed), pin, fromBase64(pepper.pepper)));
}

/**
 * One signing round with the collaborative key: `start()` opens it on the hub (which checks the PIN first, so a wrong
 * one counts towards its lockout), the share is opened, one first message per round goes to cosign/answer, and the
 * completed signatures to `finishPath`, whose answer is returned.
 */
async function collabRound(entry, pin, start, finishPath) {
  const started = await start();
  const share = await openStoredShare(entry, pin, 'DEVICE_SHARE_LOCKED');
  const client = collab().createClient();
  const signings = started.rounds.map(round => collabStep('COLLAB_FAILED', () => {
    if (new TextDecoder().decode(fromBase64(round.signerId)) !== DEFAULT_SIGNER_ID) {
      throw new Error('signer ID');
    }
    return client.startSigning(share, round.session, fromBase64(round.message));
  }));
  const answered = await call('POST', '/api/v1/m/cosign/answer',
    {requests: signings.map(signing => toBase64(signing.request()))});
  if (!answered.responses || answered.responses.length !== signings.length) {
    throw new Problem('COLLAB_FAILED', 0);
  }
  const signatures = signings.map((signing, i) => ({session: started.rounds[i].session,
    signature: toBase64(collabStep('COLLAB_FAILED', () => signing.finish(fromBase64(answered.responses[i]))).plain)}));
  return call('POST', finishPath, {signatures});
}

/** The signing round for tasks (cosign/start with ids, PIN, handwriting); returns the confirmed ids. */
async function cosign(entry, ids, pin, handwriting) {
  return (await collabRound(entry, pin, () => call('POST', '/api/v1/m/tasks/cosign/start', {ids, pin, handwriting}),
    '/api/v1/m/tasks/cosign/finish')).confirmed;
}

/**
 * Confirms a scan-to-login: by the signing round over the login statement when this phone keeps a share (the hub
 * then answers the system), else by the plain PIN confirmation.
 */
async function confirmLogin(id, pin) {
  const staffId = currentStaff();
  const entry = storedShare(staffId);
  const base = '/api/v1/m/login-challenges/' + encodeURIComponent(id);
  if (entry) {
    try {
      await collabRound(entry, pin, () => call('POST', base + '/cosign/start', {pin}), base + '/cosign/finish');
      return;
    } catch (problem) {
      if (!(problem instanceof Problem) || problem.code !== 'DEVICE_NOT_ACTIVATED') {
        throw problem;
      }
      forgetShare(staffId);
    }
  }
  await call('POST', base + '/confirm', {pin});
}

/**
 * Confirms tasks with the PIN: by the signing round when this phone keeps a share for the signer, else (or when the
 * hub says the key is hub-held after all: the share is then dropped) by the plain confirmation, one task by its own
 * endpoint (with the handwriting, if any), several as a batch. Returns the confirmed ids. Without a share the hub
 * answers COLLAB_ROUND_REQUIRED for a collaborative key (shown as "activate again").
 */
async function confirmTasks(ids, pin, handwriting) {
  const staffId = currentStaff();
  const entry = storedShare(staffId);
  if (entry) {
    try {
      return await cosign(entry, ids, pin, handwriting);
    } catch (problem) {
      if (!(problem instanceof Problem) || problem.code !== 'DEVICE_NOT_ACTIVATED') {
        throw problem;
      }
      forgetShare(staffId);
    }
  }
  if (ids.length === 1) {
    return (await call('POST', '/api/v1/m/tasks/' + encodeURIComponent(ids[0]) + '/confirm',
      {pin, handwriting})).confirmed;
  }
  return (await call('POST', '/api/v1/m/tasks/confirm', {ids, pin})).confirmed;
}

/**
 * Opens signing windows. A phone keeping a share hands it to the hub as the delegation (opened with `pin`; a seal
 * that does not open is PIN_WRONG); without one, a collaborative key's refusal is shown as "activate again".
 */
async function openWindows(body, pin) {
  const staffId = currentStaff();
  const entry = pin === undefined ? null : storedShare(staffId);
  if (entry) {
    const share = await openStoredShare(entry, pin, 'PIN_WRONG');
    const delegation = share.exportForSealing();
    try {
      await call('POST', '/api/v1/m/windows', Object.assign({delegation: toBase64(delegation)}, body));
      return;
    } catch (problem) {
      if (!(problem instanceof Problem) || problem.code !== 'DEVICE_NOT_ACTIVATED') {
        throw problem;
      }
      forgetShare(staffId); // the key is hub-held after all
    } finally {
      delegation.fill(0);
    }
  }
  try {
    await call('POST', '/api/v1/m/windows', body);
  } catch (problem) {
    if (problem instanceof Problem && problem.code === 'WINDOW_INVALID' && await hasCollaborativeKey()) {
      throw new Problem('COLLAB_ROUND_REQUIRED', problem.status);
    }
    throw problem;
  }
}

/** Whether the hub keeps a pepper for the signer, i.e. a device was activated with a collaborative key. */
async function hasCollaborativeKey() {
  try {
    await call('GET', '/api/v1/m/device/pepper');
    return true;
  } catch (problem) {
    return false;
  }
}

/**
 * The renewal prompt (协同签名续期): shown on the inbox while the hub's login answer said the collaborative key waits
 * for the device (a renewal campaign left it WAITS_FOR_DEVICE) and this phone keeps the share of that key.
 */
function showRenewal() {
  $('renewal-prompt').hidden = !(sessionStorage.getItem(RENEWAL_KEY) && storedShare(currentStaff()));
}

/**
 * Renews the collaborative key from this phone: a new joint key generation (/device/renew, the hub checks the PIN
 * first), the new share checked against the new certificate and sealed under the PIN and the new pepper, replacing
 * the stored one. Once the hub has answered, the old certificate is superseded and its pepper replaced: a failure
 * after that drops the stored share (it can no longer open) and is KEYGEN_FAILED (activate again with a code).
 */
async function renewKey(pin) {
  const api = collab();
  const staffId = currentStaff();
  pinProgress(t('renewal.keygen'));
  await painted();
  const keygen = api.createClient().startKeygen();
  const answer = await call('POST', '/api/v1/m/device/renew', {pin, keygen: toBase64(keygen.request())});
  let sealed;
  let share;
  try {
    share = collabStep('KEYGEN_FAILED', () => keygen.finish(fromBase64(answer.keygen)));
    if (!carries(answer.certificate, share.publicKey)) {
      throw new Problem('KEYGEN_FAILED', 0);
    }
    pinProgress(t('activate.sealing'));
    await painted();
    sealed = collabStep('KEYGEN_FAILED', () => api.sealShare(share, pin, fromBase64(answer.pepper)));
  } catch (problem) {
    forgetShare(staffId);
    sessionStorage.removeItem(RENEWAL_KEY);
    showRenewal();
    throw problem;
  }
  localStorage.setItem(DEVICE_PREFIX + staffId, JSON.stringify({sealed: toBase64(sealed),
    publicKey: api.toHex(share.publicKey), serial: answer.serial}));
  sessionStorage.removeItem(RENEWAL_KEY);
}

// ---- PIN dialog

function askPin(prompt, action) {
  pinAction = action;
  $('pin-prompt').textContent = prompt;
  $('pin-input').value = '';
  $('pin-error').hidden = true;
  $('pin-dialog').hidden = false;
  $('pin-input').focus();
}

function closePinDialog() {
  pinAction = null;
  $('pin-input').value = '';
  pinProgress(null);
  $('pin-dialog').hidden = true;
}

/** A progress text in the PIN dialog while a long step runs (null: none). */
function pinProgress(text) {
  $('pin-progress').textContent = text || '';
  $('pin-progress').hidden = !text;
}

async function submitPin(event) {
  event.preventDefault();
  const pin = $('pin-input').value;
  const action = pinAction;
  if (!action) {
    return;
  }
  if (!pin) {
    pinError({code: 'PIN_MISSING'});
    return;
  }
  $('pin-ok').disabled = true;
  try {
    await action(pin);
    closePinDialog();
  } catch (problem) {
    if (!(problem instanceof Problem)) {
      throw problem;
    }
    if (problem.code !== 'APP_SESSION_INVALID') {
      $('pin-input').value = '';
      pinError(problem);
    }
  } finally {
    $('pin-ok').disabled = false;
    pinProgress(null);
  }
}

function pinError(problem) {
  $('pin-error').textContent = problem.code === 'network' ? t('error.network') : errorText(problem);
  $('pin-error').hidden = false;
}

// ---- wiring

function wire() {
  pad = window.MedsignPad.attach($('handwriting'));
  $('handwriting-clear').addEventListener('click', () => pad.clear());
  $('lang').addEventListener('click', () => {
    lang = lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem(LANG_KEY, lang);
    applyTexts();
    quiet();
  });
  $('show-activate').addEventListener('click', () => {
    quiet();
    $('act-staffId').value = $('staffId').value;
    show('activate');
  });
  $('back-to-login').addEventListener('click', () => { quiet(); show('login'); });

  $('activate-form').addEventListener('submit', event => {
    event.preventDefault();
    quiet();
    if ($('act-pin').value !== $('act-pin2').value) {
      say(t('activate.mismatch'), 'error');
      return;
    }
    const staffId = $('act-staffId').value.trim();
    $('activate').disabled = true;
    attempt(async () => {
      await activatePhone(staffId, $('act-code').value, $('act-pin').value);
      $('activate-form').reset();
      localStorage.setItem(STAFF_KEY, staffId);
      $('staffId').value = staffId;
      $('pin').value = '';
      show('login');
      say(t('activate.done'), 'info');
    }).finally(() => {
      $('act-pin').value = '';
      $('act-pin2').value = '';
      $('activate').disabled = false;
    });
  });

  $('login-form').addEventListener('submit', event => {
    event.preventDefault();
    quiet();
    const staffId = $('staffId').value.trim();
    const pin = $('pin').value;
    $('pin').value = '';
    attempt(async () => {
      sessionStorage.removeItem(TOKEN_KEY);
      const session = await call('POST', '/api/v1/m/login', {staffId, pin});
      sessionStorage.setItem(TOKEN_KEY, session.token);
      sessionStorage.setItem(WHO_KEY, staffId);
      if (session.renewalDue) {
        sessionStorage.setItem(RENEWAL_KEY, '1');
      }
      localStorage.setItem(STAFF_KEY, staffId);
      $('who').textContent = staffId;
      await landing();
    });
  });

  $('select-all').addEventListener('change', () => {
    const boxes = document.querySelectorAll('#tasks .task-select:not(:disabled)');
    selected.clear();
    boxes.forEach(box => {
      box.checked = $('select-all').checked;
      if (box.checked) {
        selected.add(Number(box.closest('.task').dataset.taskId));
      }
    });
    updateBatch(boxes.length);
  });
  $('batch-confirm').addEventListener('click', () => {
    const ids = [...selected];
    if (ids.length === 0) {
      return;
    }
    quiet();
    askPin(t('pin.batch', {n: ids.length}), async pin => {
      const confirmed = await confirmTasks(ids, pin);
      selected.clear();
      say(t('batch.confirmed', {n: confirmed.length}), 'info');
      await refreshInbox();
    });
  });

  $('renewal-start').addEventListener('click', () => {
    quiet();
    askPin(t('pin.renewal'), async pin => {
      await renewKey(pin);
      showRenewal();
      say(t('renewal.done'), 'info');
    });
  });

  $('task-back').addEventListener('click', () => { quiet(); show('inbox'); });
  $('confirm').addEventListener('click', () => {
    const task = currentTask;
    quiet();
    if (task.handwriting && !pad.drawn()) {
      say(t('hand.missing'), 'error');
      return;
    }
    const handwriting = task.handwriting ? pad.png() : undefined;
    askPin(t('pin.one'), async pin => {
      await confirmTasks([task.id], pin, handwriting);
      selected.delete(task.id);
      show('inbox');
      say(t('task.confirmed'), 'info');
    });
  });
  $('reject').addEventListener('click', () => {
    const task = currentTask;
    const reason = $('reject-reason').value.trim();
    quiet();
    if (!reason) {
      say(t('task.reasonMissing'), 'error');
      return;
    }
    attempt(async () => {
      await call('POST', '/api/v1/m/tasks/' + encodeURIComponent(task.id) + '/reject', {reason});
      selected.delete(task.id);
      show('inbox');
      say(t('task.rejected'), 'info');
    });
  });

  $('lc-confirm').addEventListener('click', () => {
    const challenge = currentChallenge;
    quiet();
    askPin(t('pin.login'), async pin => {
      await confirmLogin(challenge.id, pin);
      currentChallenge = null;
      show('inbox');
      say(t('lc.confirmed'), 'info');
    });
  });
  $('lc-cancel').addEventListener('click', () => {
    currentChallenge = null;
    show('inbox');
    say(t('lc.cancelled'), 'info');
  });

  $('pin-form').addEventListener('submit', submitPin);
  $('pin-input').addEventListener('input', () => { $('pin-error').hidden = true; });
  $('pin-cancel').addEventListener('click', closePinDialog);

  $('nav-windows').addEventListener('click', () => { quiet(); show('windows'); loadSystems(); loadWindows(); });
  $('nav-history').addEventListener('click', () => {
    quiet();
    $('history-detail').hidden = true;
    show('history');
    loadHistory();
  });
  $('history-back').addEventListener('click', () => { quiet(); show('inbox'); });
  $('windows-back').addEventListener('click', () => { quiet(); show('inbox'); });
  $('window-form').addEventListener('submit', event => {
    event.preventDefault();
    quiet();
    const systems = [...document.querySelectorAll('#window-systems input:checked')].map(box => box.value);
    if (systems.length === 0) {
      say(t('windows.noSystem'), 'error');
      return;
    }
    const scenario = $('window-scenario').value.trim();
    const body = {systems, hours: Number($('window-hours').value)};
    if (scenario) {
      // one window per chosen system, each for this scenario only
      body.scenarios = systems.map(() => scenario);
    }
    const opened = async () => {
      document.querySelectorAll('#window-systems input').forEach(box => { box.checked = false; });
      $('window-scenario').value = '';
      say(t('windows.opened'), 'info');
      await loadWindows();
    };
    if (storedShare(currentStaff())) {
      // the collaborative key: the window needs the device share, unlocked with the PIN
      askPin(t('pin.window'), async pin => {
        await openWindows(body, pin);
        await opened();
      });
    } else {
      attempt(async () => {
        await openWindows(body);
        await opened();
      });
    }
  });

  $('lost').addEventListener('click', () => { quiet(); show('lost'); });
  $('lost-no').addEventListener('click', () => { quiet(); show('inbox'); });
  $('lost-yes').addEventListener('click', () => attempt(async () => {
    const report = await call('POST', '/api/v1/m/lost');
    endSession();
    show('login');
    say(t('lost.done', {s: report.sessionsEnded, w: report.windowsClosed}), 'info');
  }));
  $('logout').addEventListener('click', () => attempt(async () => {
    try {
      await call('POST', '/api/v1/m/logout');
    } finally {
      endSession();
    }
    show('login');
    say(t('logout.done'), 'info');
  }));
}

function start() {
  applyTexts();
  wire();
  $('staffId').value = localStorage.getItem(STAFF_KEY) || '';
  takeLink();
  if (takeActivationLink()) {
    show('activate');
    say(t('activate.fromLink'), 'info');
  } else if (sessionStorage.getItem(TOKEN_KEY)) {
    $('who').textContent = localStorage.getItem(STAFF_KEY) || '';
    landing();
  } else {
    show('login');
  }
}

start();
