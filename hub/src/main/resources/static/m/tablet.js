/*
 * MedSign patient tablet (患者签名, /m/tablet), operated by a nurse's app session. Plain script, no build step,
 * nothing loaded from elsewhere (CSP default-src 'self'). The session token lives only in sessionStorage and travels
 * only in the Authorization header; the PIN is never kept. The patient's handwriting leaves the page only as the PNG
 * of the pad, in the body of POST /api/v1/m/consents/{id}/sign.
 */
'use strict';

const TEXTS = {
  zh: {
    'brand': '患者签名', 'lang.other': 'English', 'nav.logout': '退出', 'nav.back': '‹ 返回',
    'field.staffId': '工号', 'field.pin': '签名密码',
    'login.title': '护士登录', 'login.submit': '登录', 'login.hint': '使用移动签名 App 的工号和签名密码登录。',
    'list.title': '待患者签署', 'list.refresh': '刷新', 'list.empty': '没有等待患者签署的知情同意书。',
    'consent.patient': '患者', 'consent.write': '请患者在下方签名', 'consent.clear': '重写',
    'consent.submit': '确认并提交签名', 'consent.prev': '上一页', 'consent.next': '下一页',
    'consent.page': '第 {n} / {total} 页', 'consent.pageUnavailable': '此页无法显示（{reason}），请在医院系统中向患者展示全文。',
    'consent.hint': '提交后，系统将为患者签发一次性事件证书完成签名，并请责任医生确认。',
    'done.title': '签名完成', 'done.text': '患者签名已完成，等待责任医生确认。', 'done.signature': '患者签名编号',
    'done.certificate': '事件证书序列号', 'done.clinician': '医生确认', 'done.back': '返回列表',
    'status.PENDING': '等待医生确认', 'status.RECEIVED': '处理中', 'status.DONE': '医生已签名',
    'logout.done': '已退出。',
    'error.PIN_WRONG': '签名密码错误。', 'error.PIN_LOCKED': '签名密码已锁定，请联系安全管理员解锁。',
    'error.PIN_NOT_SET': '尚未激活，请先在移动签名 App 中激活。', 'error.APP_SESSION_INVALID': '登录已失效，请重新登录。',
    'error.CONSENT_UNKNOWN': '知情同意书不存在。', 'error.CONSENT_NOT_WAITING': '该知情同意书已签署。',
    'error.HANDWRITING_INVALID': '签名图像无效，请重新书写。', 'error.AUTHENTICATION_LOCKED_OUT': '尝试次数过多，请稍后再试。',
    'error.network': '网络错误，请稍后重试。', 'error.other': '操作失败（{code}）。'
  },
  en: {
    'brand': 'Patient signature', 'lang.other': '中文', 'nav.logout': 'Log out', 'nav.back': '‹ Back',
    'field.staffId': 'Staff id', 'field.pin': 'Signing PIN',
    'login.title': 'Nurse login', 'login.submit': 'Log in', 'login.hint': 'Use the staff id and PIN of the mobile app.',
    'list.title': 'Waiting for the patient', 'list.refresh': 'Refresh', 'list.empty': 'No consent waiting.',
    'consent.patient': 'Patient', 'consent.write': 'Patient: please sign below', 'consent.clear': 'Clear',
    'consent.submit': 'Submit the signature', 'consent.prev': 'Previous page', 'consent.next': 'Next page',
    'consent.page': 'Page {n} of {total}',
    'consent.pageUnavailable': 'This page cannot be shown ({reason}): show the document in the hospital system.',
    'consent.hint': 'On submit the hub signs for the patient with a one-time event certificate and asks the '
      + 'responsible clinician to co-sign.',
    'done.title': 'Signed', 'done.text': 'The patient signed; the clinician co-signs next.',
    'done.signature': 'Patient signature id', 'done.certificate': 'Event certificate serial',
    'done.clinician': 'Clinician', 'done.back': 'Back to the list',
    'status.PENDING': 'waiting for the clinician', 'status.RECEIVED': 'in progress', 'status.DONE': 'signed',
    'logout.done': 'Logged out.',
    'error.PIN_WRONG': 'Wrong signing PIN.', 'error.PIN_LOCKED': 'PIN locked; ask the security administrator.',
    'error.PIN_NOT_SET': 'Not activated: activate the mobile app first.',
    'error.APP_SESSION_INVALID': 'Session ended; log in again.', 'error.CONSENT_UNKNOWN': 'No such consent.',
    'error.CONSENT_NOT_WAITING': 'This consent is signed already.',
    'error.HANDWRITING_INVALID': 'The signature image is not valid; write again.',
    'error.AUTHENTICATION_LOCKED_OUT': 'Too many attempts; try later.',
    'error.network': 'Network error; try again.', 'error.other': 'Failed ({code}).'
  }
};
const TOKEN_KEY = 'medsign.tablet.token';
const LANG_KEY = 'medsign.m.lang';

let lang = localStorage.getItem(LANG_KEY) || ((navigator.language || 'zh').toLowerCase().startsWith('en') ? 'en' : 'zh');
let current = null;
let pad = null;
let pageNumber = 1;
let pageCount = 0;

const $ = id => document.getElementById(id);

function t(key, values) {
  let text = (TEXTS[lang] && TEXTS[lang][key]) || TEXTS.zh[key] || key;
  Object.entries(values || {}).forEach(([k, v]) => { text = text.replace('{' + k + '}', v); });
  return text;
}

function translate() {
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  document.querySelectorAll('[data-t]').forEach(el => { el.textContent = t(el.dataset.t); });
  $('lang').textContent = t('lang.other');
}

function say(text, kind) {
  const message = $('message');
  message.textContent = text || '';
  message.className = 'message ' + (kind || 'info');
  message.hidden = !text;
}

class Problem extends Error {
  constructor(code, detail) {
    super(code);
    this.code = code;
    this.detail = detail;
  }
}

async function call(method, path, body) {
  const headers = {'Accept': 'application/json'};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) {
    headers['Authorization'] = 'Bearer ' + token;
  }
  let response;
  try {
    response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', cache: 'no-store'});
  } catch (e) {
    throw new Problem('network');
  }
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    const code = answer.code || String(response.status);
    if (code === 'APP_SESSION_INVALID') {
      sessionStorage.removeItem(TOKEN_KEY);
      show('login');
    }
    throw new Problem(code, answer.detail);
  }
  return answer;
}

async function attempt(action) {
  try {
    await action();
  } catch (problem) {
    if (!(problem instanceof Problem)) {
      throw problem;
    }
    const known = TEXTS.zh['error.' + problem.code];
    say(problem.code === 'network' ? t('error.network')
      : known ? t('error.' + problem.code) : t('error.other', {code: problem.code}), 'error');
  }
}

function show(page) {
  document.querySelectorAll('.page').forEach(p => { p.hidden = p.id !== 'page-' + page; });
  $('logout').hidden = page === 'login';
  if (page === 'list') {
    refreshList();
  }
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', {hour12: false}) : '';
}

// ---- list

async function refreshList() {
  await attempt(async () => {
    const consents = await call('GET', '/api/v1/m/consents');
    $('consents').replaceChildren(...consents.map(consent => {
      const item = document.createElement('li');
      item.className = 'consent';
      item.dataset.consentId = consent.id;
      const open = document.createElement('button');
      open.type = 'button';
      open.className = 'consent-open';
      const title = document.createElement('strong');
      title.textContent = consent.title;
      const meta = document.createElement('span');
      meta.textContent = consent.patientName + ' · ' + consent.system + ' · ' + when(consent.createdAt);
      open.append(title, meta);
      open.addEventListener('click', () => openConsent(consent.id));
      item.append(open);
      return item;
    }));
    $('consents-empty').hidden = consents.length > 0;
  });
}

// ---- one consent

async function openConsent(id) {
  await attempt(async () => {
    const consent = await call('GET', '/api/v1/m/consents/' + encodeURIComponent(id));
    current = consent.id;
    $('consent-title').textContent = consent.title;
    $('consent-patient').textContent = consent.patientName;
    $('consent-system').textContent = consent.system;
    const pdf = consent.mediaType === 'application/pdf';
    $('consent-pdf').hidden = !pdf;
    $('consent-document').hidden = pdf;
    $('consent-document').textContent = pdf ? '' : decodeText(consent.content);
    if (pdf) {
      await showPage(1);
    }
    clearPad();
    say('');
    show('consent');
  });
}

// ---- PDF consents: one page at a time, rendered by the hub

async function showPage(n) {
  const page = await call('GET', '/api/v1/m/consents/' + encodeURIComponent(current) + '/pages/' + n);
  pageNumber = n;
  pageCount = page.pages || 0;
  $('consent-page').hidden = !page.image;
  if (page.image) {
    $('consent-page').src = page.image;
  } else {
    $('consent-page').removeAttribute('src');
  }
  $('page-note').hidden = !page.reason;
  $('page-note').textContent = page.reason ? t('consent.pageUnavailable', {reason: page.reason}) : '';
  $('page-label').textContent = pageCount ? t('consent.page', {n, total: pageCount}) : '';
  $('page-prev').disabled = n <= 1;
  $('page-next').disabled = n >= pageCount;
}

function decodeText(base64) {
  const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
  return new TextDecoder('utf-8').decode(bytes);
}

// ---- the writing pad

function clearPad() {
  pad.clear();
}

function setUpPad() {
  pad = window.MedsignPad.attach($('handwriting'), drawn => { $('submit').disabled = !drawn; });
}

async function submit() {
  if (!pad.drawn() || !current) {
    return;
  }
  $('submit').disabled = true;
  await attempt(async () => {
    const png = pad.png();
    const signed = await call('POST', '/api/v1/m/consents/' + encodeURIComponent(current) + '/sign',
      {handwriting: png});
    $('done-signature').textContent = signed.patientSignatureId;
    $('done-certificate').textContent = signed.certificateSerial;
    $('done-clinician').textContent = t('status.' + signed.clinicianStatus);
    $('done-clinician').dataset.status = signed.clinicianStatus || '';
    current = null;
    clearPad();
    show('done');
  });
  $('submit').disabled = !pad.drawn();
}

// ---- login

async function login(event) {
  event.preventDefault();
  const staffId = $('staffId').value.trim().toUpperCase();
  const pin = $('pin').value;
  $('pin').value = '';
  await attempt(async () => {
    sessionStorage.removeItem(TOKEN_KEY);
    const session = await call('POST', '/api/v1/m/login', {staffId, pin});
    sessionStorage.setItem(TOKEN_KEY, session.token);
    $('who').textContent = staffId;
    say('');
    show('list');
  });
}

async function logout() {
  await attempt(async () => {
    await call('POST', '/api/v1/m/logout');
  });
  sessionStorage.removeItem(TOKEN_KEY);
  $('who').textContent = '';
  say(t('logout.done'));
  show('login');
}

document.addEventListener('DOMContentLoaded', () => {
  translate();
  setUpPad();
  $('login-form').addEventListener('submit', login);
  $('logout').addEventListener('click', logout);
  $('refresh').addEventListener('click', refreshList);
  $('back').addEventListener('click', () => { say(''); show('list'); });
  $('clear').addEventListener('click', clearPad);
  $('page-prev').addEventListener('click', () => attempt(() => showPage(pageNumber - 1)));
  $('page-next').addEventListener('click', () => attempt(() => showPage(pageNumber + 1)));
  $('submit').addEventListener('click', submit);
  $('done-back').addEventListener('click', () => { say(''); show('list'); });
  $('lang').addEventListener('click', () => {
    lang = lang === 'en' ? 'zh' : 'en';
    localStorage.setItem(LANG_KEY, lang);
    translate();
  });
  show(sessionStorage.getItem(TOKEN_KEY) ? 'list' : 'login');
});
