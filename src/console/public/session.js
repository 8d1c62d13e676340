/* global sessionStorage, location */
// Who the page acts as and how it reaches the bot: the console token (when the bot listens
// beyond this machine) and the acting person (the demo switch, loopback only). Both live
// in this tab's sessionStorage; every request of the page goes through `api`.
import { clear, el } from './dom.js';

const TOKEN_KEY = 'finops-console-token';
const ACT_AS_KEY = 'finops-console-act-as';

const read = (key) => { try { return sessionStorage.getItem(key) ?? ''; } catch { return ''; } };
const write = (key, value) => { try { if (value) sessionStorage.setItem(key, value); else sessionStorage.removeItem(key); } catch { /* storage disabled */ } };

/** The person the page acts as ('' = the console operator). */
export function actingAs() {
  return read(ACT_AS_KEY);
}

/** `fetch` with the token and the acting person; a 401 shows the token form. */
export async function api(path, init = {}) {
  const headers = { ...(init.headers ?? {}) };
  const token = read(TOKEN_KEY);
  if (token) headers.authorization = `Bearer ${token}`;
  const as = actingAs();
  if (as) headers['x-finops-act-as'] = as;
  const res = await fetch(path, { ...init, headers });
  if (res.status === 401) showTokenForm();
  return res;
}

/** A form that asks for FINOPS_CONSOLE_TOKEN once, then reloads. */
export function showTokenForm() {
  const box = document.getElementById('token-box');
  if (!box || !box.hidden) return;
  clear(box);
  const input = el('input', { id: 'token', type: 'password', autocomplete: 'current-password', required: true, 'aria-describedby': 'token-hint' });
  const form = el('form', { class: 'token-form', onSubmit: (e) => { e.preventDefault(); write(TOKEN_KEY, input.value.trim()); location.reload(); } },
    el('h2', { text: 'This console needs its token' }),
    el('p', { id: 'token-hint', text: 'The bot listens beyond this machine, so the console asks for the value of FINOPS_CONSOLE_TOKEN. It stays in this tab only.' }),
    el('label', { for: 'token', text: 'Console token' }),
    el('div', { class: 'composer' }, input, el('button', { type: 'submit', class: 'button primary', text: 'Use token' })),
  );
  box.append(form);
  box.hidden = false;
  input.focus();
}

/**
 * The acting-user switch (only when the bot offers people to act as): a labelled select;
 * `onChange(person)` after the choice is kept.
 */
export function renderActAs(box, people, onChange) {
  clear(box);
  if (!people?.length) { box.hidden = true; return; }
  const current = actingAs() || people[0].id;
  const select = el('select', { id: 'act-as', onChange: () => { write(ACT_AS_KEY, select.value === people[0].id ? '' : select.value); onChange(people.find((p) => p.id === select.value)); } },
    ...people.map((p) => el('option', { value: p.id, selected: p.id === current, text: `${p.name} — ${p.role}` })));
  box.append(el('label', { for: 'act-as', text: 'Act as' }), select);
  box.hidden = false;
}
